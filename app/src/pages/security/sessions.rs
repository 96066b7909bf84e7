use leptos::prelude::*;

use crate::api::{list_sessions, revoke_session, SessionItem};
use crate::components::dialog::ConfirmReason;
use crate::components::fmt_time;
use crate::components::form::{error_text, BUTTON_LIGHT};
use crate::components::list::{columns, Column, Listing, Rows};
use crate::components::toast::use_toasts;
use crate::i18n::{t, use_lang};

/// Signed-in sessions, with forced sign-out (security administrator).
#[component]
pub fn SessionsPage() -> AnyView {
    let lang = use_lang();
    let toasts = use_toasts();
    let refresh = RwSignal::new(0u32);
    let sessions = Resource::new(move || refresh.get(), |_| list_sessions());
    let target = RwSignal::new(None::<SessionItem>);
    let open = RwSignal::new(false);
    let revoke = Action::new(|(id, reason): &(String, String)| {
        let (id, reason) = (id.clone(), reason.clone());
        async move { revoke_session(id, reason).await }
    });
    Effect::new(move |_| {
        if let Some(r) = revoke.value().get() {
            match r {
                Ok(()) => {
                    toasts.success(t(lang, "sessions.revoked"));
                    open.set(false);
                    refresh.update(|n| *n += 1);
                }
                Err(e) => toasts.error(error_text(lang, &e)),
            }
        }
    });
    view! {
        <h1 class="mb-4 text-xl font-semibold" data-testid="page-title">{t(lang, "sessions.title")}</h1>
        <Listing resource=sessions testid="sessions-table"
            columns={
                let mut c = columns(lang, &["field.username", "sessions.ip", "sessions.agent", "sessions.since", "sessions.last_seen"]);
                c.push(Column::new(t(lang, "common.actions")).right());
                c
            }
            rows=Rows::all
            row=move |s: SessionItem| {
                let s2 = s.clone();
                view! {
                    <tr class="border-t border-slate-100">
                        <td class="px-4 py-2">{crate::i18n::punct(lang, format!("{}（{}）", s.display_name, s.username))}
                            {s.current.then(|| view! { <span class="ml-2 rounded bg-blue-100 px-1.5 text-xs text-blue-800">{t(lang, "sessions.current")}</span> }.into_any())}
                        </td>
                        <td class="px-4 py-2 font-mono">{s.ip.clone()}</td>
                        <td class="px-4 py-2 whitespace-nowrap" title=s.user_agent.clone() data-testid="session-client">
                            {if s.browser.is_empty() { t(lang, "sessions.unknown_client").to_string() } else { s.browser.clone() }}
                            <div class="text-xs text-slate-500">{s.os.clone()}</div>
                        </td>
                        <td class="px-4 py-2 whitespace-nowrap">{fmt_time(&s.created_at)}</td>
                        <td class="px-4 py-2 whitespace-nowrap">{fmt_time(&s.last_seen_at)}</td>
                        <td class="px-4 py-2 text-right">
                            {(!s.current).then(|| view! {
                                <button class=format!("{BUTTON_LIGHT} text-rose-700") on:click=move |_| { target.set(Some(s2.clone())); open.set(true); }>
                                    {t(lang, "sessions.revoke")}
                                </button>
                            }.into_any())}
                        </td>
                    </tr>
                }.into_any()
            }/>
        <ConfirmReason
            open=open
            title=Signal::derive(move || crate::i18n::punct(lang, format!("{}：{}", t(lang, "sessions.revoke"), target.get().map(|s| s.username).unwrap_or_default())))
            message=Signal::derive(move || t(lang, "sessions.revoke_msg").to_string())
            pending=revoke.pending()
            danger=true
            on_confirm=Callback::new(move |reason: String| {
                if let Some(s) = target.get_untracked() {
                    revoke.dispatch((s.id.clone(), reason));
                }
            })
        />
    }.into_any()
}
