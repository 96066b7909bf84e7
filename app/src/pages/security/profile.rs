//! 个人中心: the signed-in person's own account — who they are and their
//! roles, changing their password (their other sessions end), and their own
//! signed-in sessions, each of which they can sign out.

use leptos::prelude::*;

use crate::api::{change_my_password, end_my_session, list_my_sessions, AppError, SessionItem};
use crate::components::dialog::ConfirmReason;
use crate::components::fmt_time;
use crate::components::form::{error_text, ErrorBox, FieldMsg, BUTTON, BUTTON_LIGHT, INPUT, LABEL};
use crate::components::list::{columns, Column, Listing, Rows};
use crate::components::toast::use_toasts;
use crate::i18n::{t, use_lang};
use crate::pages::layout::use_me;

#[component]
pub fn ProfilePage() -> AnyView {
    let lang = use_lang();
    let me = use_me();
    let toasts = use_toasts();
    let refresh = RwSignal::new(0u32);
    let sessions = Resource::new(move || refresh.get(), |_| list_my_sessions());
    let (current, new_pw, confirm) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let change = Action::new(move |_: &()| {
        let (c, n, k) = (
            current.get_untracked(),
            new_pw.get_untracked(),
            confirm.get_untracked(),
        );
        async move { change_my_password(c, n, k).await }
    });
    let result: Signal<Option<Result<u64, AppError>>> = change.value().into();
    Effect::new(move |_| {
        if let Some(Ok(ended)) = change.value().get() {
            toasts.success(format!(
                "{}{}",
                t(lang, "profile.password_changed"),
                if ended > 0 {
                    format!(" {}", t(lang, "profile.others_ended"))
                } else {
                    String::new()
                }
            ));
            current.set(String::new());
            new_pw.set(String::new());
            confirm.set(String::new());
            refresh.update(|n| *n += 1);
        }
    });
    let target = RwSignal::new(None::<String>);
    let open = RwSignal::new(false);
    let end = Action::new(|id: &String| end_my_session(id.clone()));
    Effect::new(move |_| match end.value().get() {
        Some(Ok(())) => {
            open.set(false);
            toasts.success(t(lang, "profile.session_ended"));
            refresh.update(|n| *n += 1);
        }
        Some(Err(e)) => toasts.error(error_text(lang, &e)),
        None => {}
    });
    let roles = me
        .roles
        .iter()
        .map(|r| t(lang, &format!("role.{r}")))
        .collect::<Vec<_>>()
        .join("、");
    let field_error = move || {
        result
            .get()
            .and_then(|r| r.err())
            .filter(|e| !matches!(e, AppError::Validation(_)))
    };
    view! {
        <h1 class="mb-4 text-xl font-semibold" data-testid="page-title">{t(lang, "title.profile")}</h1>
        <section class="mb-4 rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="profile-who">
            <dl class="grid gap-x-6 gap-y-1 md:grid-cols-3">
                <div><dt class="text-slate-500">{t(lang, "field.username")}</dt><dd class="font-medium">{me.username.clone()}</dd></div>
                <div><dt class="text-slate-500">{t(lang, "field.display_name")}</dt><dd>{me.display_name.clone()}</dd></div>
                <div><dt class="text-slate-500">{t(lang, "audit_field.roles")}</dt><dd>{roles}</dd></div>
            </dl>
        </section>
        <section class="mb-4 rounded-lg border border-slate-200 bg-white p-4" data-testid="change-password">
            <h2 class="mb-1 font-semibold">{t(lang, "profile.change_password")}</h2>
            <p class="mb-3 text-xs text-slate-500">{t(lang, "profile.password_hint")}</p>
            <form class="grid max-w-xl gap-3" on:submit=move |ev| { ev.prevent_default(); change.dispatch(()); }>
                <div>
                    <label class=LABEL for="current-password">{t(lang, "field.current_password")}</label>
                    <input id="current-password" class=INPUT type="password" autocomplete="current-password" required
                        prop:value=move || current.get() on:input=move |ev| current.set(event_target_value(&ev))/>
                    <FieldMsg result=result field="current_password"/>
                </div>
                <div>
                    <label class=LABEL for="new-password">{t(lang, "field.new_password")}</label>
                    <input id="new-password" class=INPUT type="password" autocomplete="new-password" required
                        prop:value=move || new_pw.get() on:input=move |ev| new_pw.set(event_target_value(&ev))/>
                    <FieldMsg result=result field="new_password"/>
                </div>
                <div>
                    <label class=LABEL for="confirm-password">{t(lang, "field.confirm")}</label>
                    <input id="confirm-password" class=INPUT type="password" autocomplete="new-password" required
                        prop:value=move || confirm.get() on:input=move |ev| confirm.set(event_target_value(&ev))/>
                    <FieldMsg result=result field="confirm"/>
                </div>
                {move || field_error().map(|e| view! { <ErrorBox error=e/> }.into_any())}
                <div><button type="submit" class=BUTTON data-testid="change-password-submit" disabled=move || change.pending().get()>{t(lang, "profile.change_password")}</button></div>
            </form>
        </section>
        <h2 class="mb-2 font-semibold">{t(lang, "profile.sessions")}</h2>
        <Listing resource=sessions testid="my-sessions"
            columns={
                let mut c = columns(lang, &["sessions.ip", "sessions.agent", "sessions.since", "sessions.last_seen"]);
                c.push(Column::new(t(lang, "common.actions")).right());
                c
            }
            rows=Rows::all
            row=move |s: SessionItem| {
                let id = s.id.clone();
                view! {
                    <tr class="border-t border-slate-100" data-session=s.id.clone()>
                        <td class="px-4 py-2 font-mono">{s.ip.clone()}</td>
                        <td class="px-4 py-2 whitespace-nowrap" title=s.user_agent.clone()>
                            {if s.browser.is_empty() { t(lang, "sessions.unknown_client").to_string() } else { s.browser.clone() }}
                            <div class="text-xs text-slate-500">{s.os.clone()}</div>
                        </td>
                        <td class="px-4 py-2 whitespace-nowrap">{fmt_time(&s.created_at)}</td>
                        <td class="px-4 py-2 whitespace-nowrap">{fmt_time(&s.last_seen_at)}</td>
                        <td class="px-4 py-2 text-right">
                            {if s.current {
                                view! { <span class="rounded bg-blue-100 px-1.5 text-xs text-blue-800">{t(lang, "sessions.current")}</span> }.into_any()
                            } else {
                                view! {
                                    <button class=format!("{BUTTON_LIGHT} text-rose-700") data-testid="end-my-session"
                                        on:click=move |_| { target.set(Some(id.clone())); open.set(true); }>
                                        {t(lang, "profile.end_session")}
                                    </button>
                                }.into_any()
                            }}
                        </td>
                    </tr>
                }
            }/>
        <ConfirmReason
            open=open
            id="end-session"
            ask_reason=false
            danger=true
            title=Signal::derive(move || t(lang, "profile.end_session").to_string())
            message=Signal::derive(move || t(lang, "profile.end_session_hint").to_string())
            confirm_label=Signal::derive(move || t(lang, "profile.end_session").to_string())
            pending=end.pending()
            on_confirm=Callback::new(move |_| {
                if let Some(id) = target.get_untracked() {
                    end.dispatch(id);
                }
            })
        />
    }.into_any()
}
