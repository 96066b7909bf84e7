//! The registry of access parties: list with filters and keyset
//! pages; reviewers register parties, checked against the allowed relations.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{list_parties, RegisterParty};
use crate::components::fmt_time;
use crate::components::form::{FieldMsg, BUTTON, INPUT, LABEL};
use crate::components::list::{
    code_options, columns, Filters, Listing, Rows, SelectFilter, TextFilter,
};
use crate::components::toast::use_toasts;
use crate::components::StatusBadge;
use crate::i18n::{t, use_lang};
use crate::pages::layout::use_me;

pub(crate) const KINDS: [&str; 5] = [
    "self-built",
    "city-platform",
    "provincial-platform",
    "ministry-platform",
    "third-party",
];
use gsp_protocol::codes::access_party::STATUSES;
use gsp_protocol::codes::catalog::LEVELS;

#[component]
pub fn PartiesPage() -> AnyView {
    let lang = use_lang();
    let me = use_me();
    let toasts = use_toasts();
    let query = use_query_map();
    let register = ServerAction::<RegisterParty>::new();
    let parties = Resource::new(
        move || (query.get(), register.version().get()),
        |(q, _)| {
            list_parties(
                q.get("q"),
                q.get("kind"),
                q.get("level"),
                q.get("region"),
                q.get("status"),
                q.get("after"),
                q.get("size"),
            )
        },
    );
    Effect::new(move |_| {
        if let Some(Ok(_)) = register.value().get() {
            toasts.success(t(lang, "parties.registered"));
        }
    });
    let result: Signal<Option<Result<String, crate::api::AppError>>> = register.value().into();

    view! {
        <h1 class="mb-4 text-xl font-semibold" data-testid="page-title">{t(lang, "parties.title")}</h1>

        {me.can("PartyManage").then(|| view! {
            <details class="mb-4 rounded-lg border border-slate-200 bg-white p-4">
                <summary class="cursor-pointer text-sm font-medium text-blue-700">{t(lang, "parties.register")}</summary>
                <p class="mt-2 text-xs text-slate-500">{t(lang, "parties.relation_hint")}</p>
                <ActionForm action=register attr:class="mt-4 grid grid-cols-1 gap-4 md:grid-cols-3">
                    <div>
                        <label class=LABEL for="p-name">{t(lang, "field.party_name")}</label>
                        <input class=INPUT id="p-name" name="name" required maxlength="100"/>
                        <FieldMsg result=result field="name"/>
                    </div>
                    <div>
                        <label class=LABEL for="p-kind">{t(lang, "field.kind")}</label>
                        <select class=INPUT id="p-kind" name="kind">{code_options(lang, &KINDS, "kind", false)}</select>
                        <FieldMsg result=result field="kind"/>
                    </div>
                    <div>
                        <label class=LABEL for="p-level">{t(lang, "field.level")}</label>
                        <select class=INPUT id="p-level" name="level" prop:value="municipal">{code_options(lang, &LEVELS, "level", false)}</select>
                        <FieldMsg result=result field="level"/>
                    </div>
                    <div>
                        <label class=LABEL for="p-division">{t(lang, "field.division_code")}</label>
                        <input class=INPUT id="p-division" name="division_code" required inputmode="numeric" maxlength="6" placeholder="330100"/>
                        <FieldMsg result=result field="division_code"/>
                    </div>
                    <div>
                        <label class=LABEL for="p-org">{t(lang, "field.organisation_name")}</label>
                        <input class=INPUT id="p-org" name="organisation_name" required maxlength="100"/>
                        <FieldMsg result=result field="organisation_name"/>
                    </div>
                    <div>
                        <label class=LABEL for="p-uscc">{t(lang, "field.uscc")}</label>
                        <input class=INPUT id="p-uscc" name="uscc" required maxlength="18" placeholder="11330100MB1234567X"/>
                        <FieldMsg result=result field="uscc"/>
                    </div>
                    <div>
                        <label class=LABEL for="p-cname">{t(lang, "field.contact_name")}</label>
                        <input class=INPUT id="p-cname" name="contact_name" required/>
                        <FieldMsg result=result field="contact_name"/>
                    </div>
                    <div>
                        <label class=LABEL for="p-cphone">{t(lang, "field.contact_phone")}</label>
                        <input class=INPUT id="p-cphone" name="contact_phone" required placeholder="13800138000"/>
                        <FieldMsg result=result field="contact_phone"/>
                    </div>
                    <div>
                        <label class=LABEL for="p-cemail">{t(lang, "field.contact_email")}</label>
                        <input class=INPUT id="p-cemail" name="contact_email" type="email" required/>
                        <FieldMsg result=result field="contact_email"/>
                    </div>
                    <div class="md:col-span-3">
                        <button type="submit" class=BUTTON disabled=move || register.pending().get() data-testid="register-party">
                            {move || if register.pending().get() { t(lang, "common.working") } else { t(lang, "parties.register") }}
                        </button>
                    </div>
                </ActionForm>
            </details>
        }.into_any())}

        <Filters testid="parties-filter">
            <TextFilter name="q" label=t(lang, "common.search") placeholder=t(lang, "parties.search_hint")/>
            <SelectFilter name="kind" label=t(lang, "field.kind") values=&KINDS prefix="kind"/>
            <SelectFilter name="level" label=t(lang, "field.level") values=&LEVELS prefix="level"/>
            <TextFilter name="region" label=t(lang, "field.region") numeric=true maxlength=6 placeholder="330100"/>
            <SelectFilter name="status" label=t(lang, "field.status") values=&STATUSES prefix="party_status"/>
        </Filters>

        <Listing resource=parties testid="parties-table" pager="after"
            columns=columns(lang, &["field.party_name", "field.kind", "field.level", "field.division_code",
                "field.organisation_name", "field.contact_name", "field.status", "parties.registered_at"])
            rows=move |page: crate::api::PartyPage| {
                let caption = view! {
                    <div class="border-b border-slate-100 px-4 py-2 text-xs text-slate-500">
                        {crate::i18n::punct(lang, format!("{}：{} {}", t(lang, "parties.instance"), t(lang, &format!("level.{}", page.instance_level)), page.instance_division))}
                    </div>
                }.into_any();
                Rows::paged(page.items, page.next).with_caption(caption)
            }
            row=move |p: crate::api::PartyItem| view! {
                <tr class="border-t border-slate-100" data-party=p.name.clone()>
                    <td class="px-4 py-2 font-medium">
                        <a class="text-blue-700 hover:underline" href=format!("/parties/{}", p.id)>{p.name.clone()}</a>
                    </td>
                    <td class="px-4 py-2 whitespace-nowrap">{t(lang, &format!("kind.{}", p.kind))}</td>
                    <td class="px-4 py-2 whitespace-nowrap">{t(lang, &format!("level.{}", p.level))}</td>
                    <td class="px-4 py-2 font-mono">{p.division_code.clone()}</td>
                    <td class="px-4 py-2">{p.organisation_name.clone()}
                        <div class="font-mono text-xs text-slate-500">{p.uscc.clone()}</div>
                    </td>
                    <td class="px-4 py-2 whitespace-nowrap">{p.contact.clone()}</td>
                    <td class="px-4 py-2 whitespace-nowrap">
                        <StatusBadge code=format!("party_status.{}", p.status)/>
                        {p.rectification.then(|| view! { <span class="ml-1 rounded bg-rose-100 px-1.5 py-0.5 text-xs text-rose-700" data-testid="rectification">{t(lang, "party.rectification")}</span> }.into_any())}
                    </td>
                    <td class="px-4 py-2 whitespace-nowrap">{fmt_time(&p.created_at)}</td>
                </tr>
            }/>
    }.into_any()
}
