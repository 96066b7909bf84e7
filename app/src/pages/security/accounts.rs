//! Account management: the system administrator creates, disables and resets
//! passwords; the security administrator assigns roles and organisation and
//! resets second factors. Every change asks for a reason and is audited.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{
    list_accounts, list_organisations, reset_account_password, reset_account_totp,
    set_account_disabled, set_account_roles, AccountItem, AppError, CreateAccount,
};
use crate::components::dialog::ConfirmReason;
use crate::components::fmt_opt_time;
use crate::components::form::{error_text, FieldMsg, BUTTON, BUTTON_LIGHT, INPUT, LABEL};
use crate::components::list::{columns, Column, Filters, Listing, Rows, SelectFilter, TextFilter};
use crate::components::toast::use_toasts;
use crate::i18n::{t, use_lang};
use crate::pages::layout::use_me;

pub(crate) const ROLES: [&str; 7] = [
    "system-admin",
    "security-admin",
    "audit-admin",
    "reviewer",
    "supervisor",
    "party-operator",
    "provider",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Disable,
    Enable,
    ResetPassword,
    ResetTotp,
}

fn badge(text: &'static str, class: &'static str) -> impl IntoView {
    view! { <span class=format!("mr-1 inline-block rounded px-1.5 py-0.5 text-xs {class}")>{text}</span> }
}

#[component]
pub fn AccountsPage() -> AnyView {
    let lang = use_lang();
    let me = use_me();
    let toasts = use_toasts();
    let query = use_query_map();
    let refresh = RwSignal::new(0u32);
    let can_manage = me.can("AccountManage");
    let can_roles = me.can("RoleAssign");
    let can_totp = me.can("TotpReset");

    let create = ServerAction::<CreateAccount>::new();
    let hydrated = crate::use_hydrated();
    let accounts = Resource::new(
        move || (query.get(), refresh.get()),
        |(q, _)| {
            list_accounts(
                q.get("q"),
                q.get("role"),
                q.get("status"),
                q.get("after"),
                q.get("size"),
            )
        },
    );

    // one-time passwords to hand over, shown once
    let handover = RwSignal::new(None::<(String, String)>);
    Effect::new(move |_| {
        if let Some(Ok(c)) = create.value().get() {
            handover.set(Some((c.username.clone(), c.one_time_password.clone())));
            toasts.success(t(lang, "accounts.created"));
            refresh.update(|n| *n += 1);
        }
    });

    // row actions behind the reason dialog
    let target = RwSignal::new(None::<(Op, AccountItem)>);
    let dialog_open = RwSignal::new(false);
    let run = Action::new(move |(op, id, reason): &(Op, String, String)| {
        let (op, id, reason) = (*op, id.clone(), reason.clone());
        async move {
            match op {
                Op::Disable => set_account_disabled(id, true, reason).await.map(|_| None),
                Op::Enable => set_account_disabled(id, false, reason).await.map(|_| None),
                Op::ResetPassword => reset_account_password(id, reason).await.map(Some),
                Op::ResetTotp => reset_account_totp(id, reason).await.map(|_| None),
            }
        }
    });
    Effect::new(move |_| {
        if let Some(result) = run.value().get() {
            match result {
                Ok(pw) => {
                    if let (Some(pw), Some((_, a))) = (pw, target.get_untracked()) {
                        handover.set(Some((a.username.clone(), pw)));
                    }
                    toasts.success(t(lang, "common.done"));
                    dialog_open.set(false);
                    refresh.update(|n| *n += 1);
                }
                Err(e) => toasts.error(error_text(lang, &e)),
            }
        }
    });
    let open_op = move |op: Op, a: AccountItem| {
        target.set(Some((op, a)));
        dialog_open.set(true);
    };
    let dialog_title = Signal::derive(move || match target.get() {
        Some((op, a)) => {
            crate::i18n::punct(lang, format!("{}：{}", t(lang, op_key(op)), a.username))
        }
        None => String::new(),
    });
    let dialog_msg = Signal::derive(move || {
        target
            .get()
            .map(|(op, _)| t(lang, op_msg_key(op)).to_string())
            .unwrap_or_default()
    });

    // the role editor
    let editing = RwSignal::new(None::<AccountItem>);

    view! {
        <div class="mb-4 flex items-center justify-between">
            <h1 class="text-xl font-semibold" data-testid="page-title">{t(lang, "accounts.title")}</h1>
        </div>

        <Show when=move || handover.get().is_some()>
            <div class="mb-4 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm" data-testid="handover">
                <p class="font-medium">{t(lang, "accounts.handover")}</p>
                <p class="mt-1">
                    {move || handover.get().map(|(u, _)| u)}
                    "： "
                    <code class="rounded bg-white px-2 py-0.5 font-mono" data-testid="one-time-password">
                        {move || handover.get().map(|(_, p)| p)}
                    </code>
                </p>
                <button class=format!("{BUTTON_LIGHT} mt-2") on:click=move |_| handover.set(None)>{t(lang, "common.close")}</button>
            </div>
        </Show>

        {can_manage.then(|| view! {
            <details class="mb-4 rounded-lg border border-slate-200 bg-white p-4">
                <summary class="cursor-pointer text-sm font-medium text-blue-700">{t(lang, "accounts.create")}</summary>
                <ActionForm action=create attr:class="mt-4 grid grid-cols-1 gap-4 md:grid-cols-3">
                    <div>
                        <label class=LABEL for="new-username">{t(lang, "field.username")}</label>
                        <input class=INPUT id="new-username" name="username" required maxlength="32" placeholder="zhangwei"/>
                        <FieldMsg result=create.value().into() field="username"/>
                    </div>
                    <div>
                        <label class=LABEL for="new-display-name">{t(lang, "field.display_name")}</label>
                        <input class=INPUT id="new-display-name" name="display_name" required maxlength="64"/>
                        <FieldMsg result=create.value().into() field="display_name"/>
                    </div>
                    <div class="flex items-end">
                        // enabled once hydrated: the one-time password must be shown to the user
                        <button type="submit" class=BUTTON disabled=move || create.pending().get() || !hydrated.get() data-testid="create-account">
                            {move || if create.pending().get() { t(lang, "common.working") } else { t(lang, "accounts.create") }}
                        </button>
                    </div>
                </ActionForm>
                <p class="mt-2 text-xs text-slate-500">{t(lang, "accounts.create_hint")}</p>
            </details>
        }.into_any())}

        <Filters>
            <TextFilter name="q" label=t(lang, "common.search") placeholder=t(lang, "accounts.search_hint")/>
            <SelectFilter name="role" label=t(lang, "field.role") values=&ROLES prefix="role"/>
            <SelectFilter name="status" label=t(lang, "field.status") values=&["active", "disabled"] prefix="status"/>
        </Filters>

        <Listing resource=accounts testid="accounts-table" pager="after"
            columns={
                let mut c = columns(lang, &["field.username", "field.display_name", "field.roles", "field.organisation_id",
                    "field.status", "accounts.last_login"]);
                c.push(Column::new(t(lang, "common.actions")).right());
                c
            }
            rows=|page: crate::api::AccountPage| Rows::paged(page.items, page.next)
            row=move |a: crate::api::AccountItem| {
                let roles = a.roles.iter().map(|r| t(lang, &format!("role.{r}"))).collect::<Vec<_>>().join("、");
                let (a1, a2, a3, a4, a5) = (a.clone(), a.clone(), a.clone(), a.clone(), a.clone());
                let disabled = a.disabled;
                view! {
                    <tr class="border-t border-slate-100" data-username=a.username.clone()>
                        <td class="px-4 py-2 font-mono">{a.username.clone()}</td>
                        <td class="px-4 py-2">{a.display_name.clone()}</td>
                        <td class="px-4 py-2">{if roles.is_empty() { t(lang, "accounts.no_role").to_string() } else { roles }}</td>
                        <td class="px-4 py-2">{a.organisation_name.clone().unwrap_or_else(|| "—".into())}</td>
                        <td class="px-4 py-2">
                            {if a.disabled { badge(t(lang, "status.disabled"), "bg-slate-200 text-slate-700").into_any() } else { badge(t(lang, "status.active"), "bg-emerald-100 text-emerald-800").into_any() }}
                            {a.locked.then(|| badge(t(lang, "status.locked"), "bg-rose-100 text-rose-800"))}
                            {a.totp_enabled.then(|| badge(t(lang, "status.totp"), "bg-blue-100 text-blue-800"))}
                            {a.must_change_password.then(|| badge(t(lang, "status.must_change"), "bg-amber-100 text-amber-800"))}
                        </td>
                        <td class="px-4 py-2 whitespace-nowrap">{fmt_opt_time(&a.last_login_at)}</td>
                        <td class="px-4 py-2 text-right whitespace-nowrap space-x-1">
                            {can_roles.then(|| view! {
                                <button class=BUTTON_LIGHT on:click=move |_| editing.set(Some(a1.clone()))>{t(lang, "accounts.edit_roles")}</button>
                            }.into_any())}
                            {can_totp.then(|| view! {
                                <button class=BUTTON_LIGHT on:click=move |_| open_op(Op::ResetTotp, a2.clone())>{t(lang, "accounts.reset_totp")}</button>
                            }.into_any())}
                            {can_manage.then(|| view! {
                                <button class=BUTTON_LIGHT on:click=move |_| open_op(Op::ResetPassword, a3.clone())>{t(lang, "accounts.reset_password")}</button>
                                {if disabled {
                                    view! { <button class=BUTTON_LIGHT on:click=move |_| open_op(Op::Enable, a4.clone())>{t(lang, "accounts.enable")}</button> }.into_any()
                                } else {
                                    view! { <button class=format!("{BUTTON_LIGHT} text-rose-700") on:click=move |_| open_op(Op::Disable, a5.clone())>{t(lang, "accounts.disable")}</button> }.into_any()
                                }}
                            }.into_any())}
                        </td>
                    </tr>
                }.into_any()
            }/>

        <ConfirmReason
            open=dialog_open
            title=dialog_title
            message=dialog_msg
            pending=run.pending()
            danger=true
            on_confirm=Callback::new(move |reason: String| {
                if let Some((op, a)) = target.get_untracked() {
                    run.dispatch((op, a.id.clone(), reason));
                }
            })
        />

        {move || editing.get().map(|a| view! { <RoleEditor account=a editing=editing refresh=refresh/> }.into_any())}
    }.into_any()
}

fn op_key(op: Op) -> &'static str {
    match op {
        Op::Disable => "accounts.disable",
        Op::Enable => "accounts.enable",
        Op::ResetPassword => "accounts.reset_password",
        Op::ResetTotp => "accounts.reset_totp",
    }
}

fn op_msg_key(op: Op) -> &'static str {
    match op {
        Op::Disable => "accounts.disable_msg",
        Op::Enable => "accounts.enable_msg",
        Op::ResetPassword => "accounts.reset_password_msg",
        Op::ResetTotp => "accounts.reset_totp_msg",
    }
}

/// Assigns roles and organisation, with a reason.
#[component]
fn RoleEditor(
    account: AccountItem,
    editing: RwSignal<Option<AccountItem>>,
    refresh: RwSignal<u32>,
) -> AnyView {
    let lang = use_lang();
    let toasts = use_toasts();
    let orgs = Resource::new(|| (), |_| list_organisations());
    let chosen = RwSignal::new(account.roles.clone());
    let org = RwSignal::new(account.organisation_id.clone().unwrap_or_default());
    let reason = RwSignal::new(String::new());
    let id = account.id.clone();
    let save = Action::new(
        move |(roles, org, reason): &(Vec<String>, String, String)| {
            let (id, roles, org, reason) = (id.clone(), roles.clone(), org.clone(), reason.clone());
            async move { set_account_roles(id, roles, Some(org), reason).await }
        },
    );
    let result: Signal<Option<Result<(), AppError>>> = save.value().into();
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            match r {
                Ok(()) => {
                    toasts.success(t(lang, "common.done"));
                    editing.set(None);
                    refresh.update(|n| *n += 1);
                }
                Err(AppError::Validation(_)) => {}
                Err(e) => toasts.error(error_text(lang, &e)),
            }
        }
    });
    let toggle = move |r: &'static str| {
        chosen.update(|c| {
            if let Some(i) = c.iter().position(|x| x == r) {
                c.remove(i);
            } else {
                c.push(r.to_string());
            }
        })
    };
    view! {
        <div class="fixed inset-0 z-40 flex items-center justify-center bg-slate-900/40" role="dialog" aria-modal="true">
            <div class="w-full max-w-lg rounded-lg bg-white p-6 shadow-xl" data-testid="role-editor">
                <h2 class="text-lg font-semibold">{crate::i18n::punct(lang, format!("{}：{}", t(lang, "accounts.edit_roles"), account.username))}</h2>
                <fieldset class="mt-4">
                    <legend class=LABEL>{t(lang, "field.roles")}</legend>
                    <div class="mt-2 grid grid-cols-2 gap-2">
                        {ROLES.iter().map(|r| {
                            let r = *r;
                            view! {
                                <label class="flex items-center gap-2 text-sm">
                                    <input type="checkbox" value=r prop:checked=move || chosen.get().iter().any(|x| x == r) on:change=move |_| toggle(r)/>
                                    {t(lang, &format!("role.{r}"))}
                                </label>
                            }.into_any()
                        }).collect_view()}
                    </div>
                    <FieldMsg result=result field="roles"/>
                </fieldset>
                <div class="mt-4">
                    <label class=LABEL for="role-org">{t(lang, "field.organisation_id")}</label>
                    <select class=INPUT id="role-org" on:change=move |ev| org.set(event_target_value(&ev))>
                        <option value="">{t(lang, "accounts.no_org")}</option>
                        <Suspense fallback=|| ()>
                            {move || Suspend::new(async move {
                                orgs.await.unwrap_or_default().into_iter().map(|o| {
                                    let id = o.id.clone();
                                    let sel = org.get_untracked() == id;
                                    view! { <option value=id selected=sel>{crate::i18n::punct(lang, format!("{}（{}）", o.name, o.uscc))}</option> }.into_any()
                                }).collect_view()
                            })}
                        </Suspense>
                    </select>
                    <FieldMsg result=result field="organisation_id"/>
                </div>
                <div class="mt-4">
                    <label class=LABEL for="role-reason">{t(lang, "dialog.reason")}<span class="text-rose-600">" *"</span></label>
                    <textarea id="role-reason" class=INPUT rows="2" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    <FieldMsg result=result field="reason"/>
                </div>
                <div class="mt-6 flex justify-end gap-2">
                    <button type="button" class=BUTTON_LIGHT on:click=move |_| editing.set(None)>{t(lang, "common.cancel")}</button>
                    <button type="button" class=BUTTON data-testid="save-roles"
                        disabled=move || save.pending().get() || reason.get().trim().is_empty()
                        on:click=move |_| { save.dispatch((chosen.get(), org.get(), reason.get())); }>
                        {move || if save.pending().get() { t(lang, "common.working") } else { t(lang, "common.save") }}
                    </button>
                </div>
            </div>
        </div>
    }.into_any()
}
