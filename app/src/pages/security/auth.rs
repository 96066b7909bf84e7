//! Sign-in pages. The forms post to the server's `/auth/*` handlers, which set
//! the session cookie and redirect: they work with and without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::get_enrolment;
use crate::components::form::{ErrorBox, Loading, BUTTON, INPUT, LABEL};
use crate::i18n::{t, use_lang, Lang};

/// The error passed back in the query string, translated.
fn error_line(lang: Lang) -> impl Fn() -> Option<AnyView> {
    let q = use_query_map();
    move || {
        let q = q.get();
        let code = q.get("error")?;
        let mut text = t(lang, &format!("auth.error.{code}")).to_string();
        if let Some(until) = q.get("until") {
            text = format!("{text} {} {until}", t(lang, "auth.locked_until"));
        }
        if let Some(codes) = q.get("codes") {
            let parts: Vec<&str> = codes
                .split(',')
                .filter(|c| !c.is_empty())
                .map(|c| t(lang, c))
                .collect();
            if !parts.is_empty() {
                text = parts.join("；");
            }
        }
        Some(
            view! {
                <div class="mb-4 rounded-md border border-rose-200 bg-rose-50 p-3 text-sm text-rose-800" role="alert" data-testid="auth-error">
                    {text}
                </div>
            }
            .into_any(),
        )
    }
}

#[component]
fn AuthFrame(title: &'static str, children: Children) -> AnyView {
    let lang = use_lang();
    let q = use_query_map();
    let switch = move || {
        let other = if lang == Lang::Zh { "en" } else { "zh" };
        let path = leptos_router::hooks::use_location()
            .pathname
            .get_untracked();
        let _ = q.get();
        format!(
            "/lang/{other}?next={}",
            crate::components::table::urlencode(&path)
        )
    };
    view! {
        <div class="flex min-h-screen items-center justify-center bg-gradient-to-b from-blue-950 to-blue-800 px-4">
            <div class="w-full max-w-sm">
                <div class="mb-6 text-center text-white">
                    <div class="text-xl font-semibold">{t(lang, "app.name")}</div>
                    <div class="text-sm text-blue-200">{t(lang, "app.subtitle")}</div>
                </div>
                <div class="rounded-lg bg-white p-6 shadow-xl">
                    <h1 class="mb-4 text-lg font-semibold">{t(lang, title)}</h1>
                    {children()}
                </div>
                <div class="mt-4 text-center text-sm">
                    <a rel="external" class="text-blue-100 hover:underline" data-testid="lang-switch" href=switch>
                        {t(lang, "lang.switch")}
                    </a>
                </div>
            </div>
        </div>
    }.into_any()
}

#[component]
pub fn LoginPage() -> AnyView {
    let lang = use_lang();
    let q = use_query_map();
    // initial value only, so that typing before hydration is never overwritten
    let username = q.get_untracked().get("username").unwrap_or_default();
    let focus_password = !username.is_empty();
    view! {
        <AuthFrame title="auth.sign_in">
            {error_line(lang)}
            <form method="post" action="/auth/login" class="space-y-4">
                <div>
                    <label class=LABEL for="username">{t(lang, "field.username")}</label>
                    <input class=INPUT id="username" name="username" autocomplete="username" required
                        autofocus=!focus_password value=username/>
                </div>
                <div>
                    <label class=LABEL for="password">{t(lang, "field.password")}</label>
                    <input class=INPUT id="password" name="password" type="password" autocomplete="current-password" required
                        autofocus=focus_password/>
                </div>
                <button type="submit" class=format!("{BUTTON} w-full") data-testid="sign-in">{t(lang, "auth.sign_in")}</button>
            </form>
            <p class="mt-4 text-xs text-slate-500">{t(lang, "auth.policy_hint")}</p>
        </AuthFrame>
    }.into_any()
}

#[component]
pub fn ChangePasswordPage() -> AnyView {
    let lang = use_lang();
    view! {
        <AuthFrame title="auth.change_password">
            <p class="mb-4 text-sm text-slate-600">{t(lang, "auth.change_password_hint")}</p>
            {error_line(lang)}
            <form method="post" action="/auth/password" class="space-y-4">
                <div>
                    <label class=LABEL for="new_password">{t(lang, "field.new_password")}</label>
                    <input class=INPUT id="new_password" name="new_password" type="password" autocomplete="new-password" required minlength="10"/>
                </div>
                <div>
                    <label class=LABEL for="confirm">{t(lang, "field.confirm")}</label>
                    <input class=INPUT id="confirm" name="confirm" type="password" autocomplete="new-password" required/>
                </div>
                <button type="submit" class=format!("{BUTTON} w-full")>{t(lang, "common.save")}</button>
            </form>
            <p class="mt-4 text-xs text-slate-500">{t(lang, "auth.policy_hint")}</p>
        </AuthFrame>
    }.into_any()
}

#[component]
pub fn TotpPage() -> AnyView {
    let lang = use_lang();
    view! {
        <AuthFrame title="auth.totp">
            <p class="mb-4 text-sm text-slate-600">{t(lang, "auth.totp_hint")}</p>
            {error_line(lang)}
            <form method="post" action="/auth/totp" class="space-y-4">
                <div>
                    <label class=LABEL for="code">{t(lang, "field.code")}</label>
                    <input class=format!("{INPUT} tracking-widest") id="code" name="code" inputmode="numeric" pattern="[0-9]{6}"
                        maxlength="6" autocomplete="one-time-code" required autofocus/>
                </div>
                <button type="submit" class=format!("{BUTTON} w-full") data-testid="verify-code">{t(lang, "auth.verify")}</button>
            </form>
            <form method="post" action="/auth/logout" class="mt-3 text-center">
                <button type="submit" class="text-sm text-slate-500 hover:underline">{t(lang, "auth.start_over")}</button>
            </form>
        </AuthFrame>
    }.into_any()
}

#[component]
pub fn EnrolPage() -> AnyView {
    let lang = use_lang();
    let info = Resource::new(|| (), |_| get_enrolment());
    view! {
        <AuthFrame title="auth.enrol">
            <p class="mb-4 text-sm text-slate-600">{t(lang, "auth.enrol_hint")}</p>
            {error_line(lang)}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match info.await {
                        Ok(i) => view! {
                            <div class="flex justify-center" inner_html=i.qr_svg.clone()></div>
                            <p class="mt-2 text-center text-xs text-slate-500">{t(lang, "auth.enrol_secret")}</p>
                            <p class="text-center font-mono text-sm tracking-wider" data-testid="totp-secret">{i.secret.clone()}</p>
                            <form method="post" action="/auth/enrol" class="mt-4 space-y-4">
                                <div>
                                    <label class=LABEL for="code">{t(lang, "field.code")}</label>
                                    <input class=format!("{INPUT} tracking-widest") id="code" name="code" inputmode="numeric"
                                        maxlength="6" autocomplete="one-time-code" required/>
                                </div>
                                <button type="submit" class=format!("{BUTTON} w-full")>{t(lang, "auth.enrol_confirm")}</button>
                            </form>
                        }.into_any(),
                        Err(_) => view! {
                            <ErrorBox error=crate::api::AppError::Unauthenticated/>
                            <a class="mt-4 block text-center text-blue-700 hover:underline" href="/login">{t(lang, "auth.start_over")}</a>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </AuthFrame>
    }.into_any()
}
