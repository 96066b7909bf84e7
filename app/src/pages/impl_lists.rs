//! The review queue of implementation lists (实施清单, R-6.2.c): per party,
//! what changed since the last approval, field by field; approve some items
//! and return others with a reason.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::api::{impl_queue, list_impl_items, review_impl, PendingItem};
use crate::components::dialog::ConfirmReason;
use crate::components::fmt_time;
use crate::components::form::{error_text, ErrorBox, Loading, BUTTON};
use crate::components::toast::use_toasts;
use crate::i18n::{t, use_lang};

/// Reviewers get the queue; everyone else who may see the catalog gets the
/// reported items with their outcomes (operators: their own).
#[component]
pub fn ImplListsPage() -> impl IntoView {
    let me = crate::pages::layout::use_me();
    if me.can("ApplicationReview") {
        view! { <ReviewQueue/> }.into_any()
    } else {
        view! { <Outcomes/> }.into_any()
    }
}

#[component]
fn Outcomes() -> impl IntoView {
    let lang = use_lang();
    let items = Resource::new(|| (), |_| list_impl_items(None));
    view! {
        <h1 class="mb-1 text-xl font-semibold" data-testid="page-title">{t(lang, "impl.outcomes_title")}</h1>
        <p class="mb-4 text-sm text-slate-500">{t(lang, "impl.outcomes_hint")}</p>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match items.await {
                    Ok(list) => {
                        let empty = list.is_empty();
                        view! {
                            <div class="overflow-x-auto rounded-lg border border-slate-200 bg-white">
                                <table class="min-w-full text-sm" data-testid="impl-outcomes">
                                    <thead class="bg-slate-50 text-slate-600">
                                        <tr>
                                            <th class="px-4 py-2 text-left font-medium">{t(lang, "field.party_name")}</th>
                                            <th class="px-4 py-2 text-left font-medium">{t(lang, "impl_field.name")}</th>
                                            <th class="px-4 py-2 text-left font-medium">{t(lang, "field.status")}</th>
                                            <th class="px-4 py-2 text-left font-medium">{t(lang, "impl.comment")}</th>
                                            <th class="px-4 py-2 text-left font-medium">{t(lang, "impl.submitted_at")}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {empty.then(|| view! { <tr><td colspan="5" class="px-4 py-8 text-center text-slate-500">{t(lang, "table.empty")}</td></tr> })}
                                        {list.into_iter().map(|i| view! {
                                            <tr class="border-t border-slate-100" data-impl=i.implementation_code.clone()>
                                                <td class="px-4 py-2">{i.party_name.clone()}</td>
                                                <td class="px-4 py-2">{i.name.clone()}<div class="font-mono text-xs text-slate-400">{i.implementation_code.clone()}</div></td>
                                                <td class="px-4 py-2"><crate::components::StatusBadge code=format!("impl_status.{}", i.status)/></td>
                                                <td class="px-4 py-2">{i.comment.clone().unwrap_or_default()}
                                                    {i.reviewed_by.clone().map(|r| view! { <div class="text-xs text-slate-500">{format!("{r} · {}", crate::components::fmt_opt_time(&i.reviewed_at))}</div> })}
                                                </td>
                                                <td class="px-4 py-2 whitespace-nowrap">{fmt_time(&i.submitted_at)}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ReviewQueue() -> impl IntoView {
    let lang = use_lang();
    // units and item types by their label, everything else as sent
    let shown = move |v: &String| {
        ["unit", "item_type"]
            .iter()
            .map(|p| t(lang, &format!("{p}.{v}")))
            .find(|l| !l.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| v.clone())
    };
    let toasts = use_toasts();
    let rev = RwSignal::new(0u32);
    let queue = Resource::new(move || rev.get(), |_| impl_queue());
    // (party, code) chosen
    let chosen: RwSignal<BTreeSet<(String, String)>> = RwSignal::new(BTreeSet::new());
    let review = Action::new(
        |(party, codes, approve, reason): &(String, Vec<String>, bool, String)| {
            review_impl(party.clone(), codes.clone(), *approve, reason.clone())
        },
    );
    let returning: RwSignal<Option<String>> = RwSignal::new(None);
    let dialog_open = RwSignal::new(false);
    Effect::new(move |_| match review.value().get() {
        Some(Ok(n)) => {
            dialog_open.set(false);
            toasts.success(format!("{} {n}", t(lang, "impl.reviewed")));
            chosen.set(BTreeSet::new());
            rev.update(|x| *x += 1);
        }
        Some(Err(e)) => toasts.error(error_text(lang, &e)),
        None => {}
    });
    let selected = move |party: &str| -> Vec<String> {
        chosen
            .get()
            .iter()
            .filter(|(p, _)| p == party)
            .map(|(_, c)| c.clone())
            .collect()
    };
    view! {
        <h1 class="mb-1 text-xl font-semibold" data-testid="page-title">{t(lang, "impl.title")}</h1>
        <p class="mb-4 text-sm text-slate-500">{t(lang, "impl.hint")}</p>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match queue.await {
                    Ok(items) if items.is_empty() => view! {
                        <p class="rounded-lg border border-slate-200 bg-white p-6 text-center text-sm text-slate-500" data-testid="queue-empty">{t(lang, "impl.empty")}</p>
                    }.into_any(),
                    Ok(items) => {
                        // group by party, keeping the order
                        let mut groups: Vec<(String, String, Vec<PendingItem>)> = Vec::new();
                        for i in items {
                            match groups.iter_mut().find(|g| g.0 == i.party_id) {
                                Some(g) => g.2.push(i),
                                None => groups.push((i.party_id.clone(), i.party_name.clone(), vec![i])),
                            }
                        }
                        groups.into_iter().map(|(party, name, list)| {
                            let (p1, p2, p3) = (party.clone(), party.clone(), party.clone());
                            view! {
                                <section class="mb-4 rounded-lg border border-slate-200 bg-white p-4" data-party-queue=name.clone()>
                                    <div class="mb-3 flex flex-wrap items-center gap-3">
                                        <h2 class="font-semibold">{format!("{}（{}）", name, list.len())}</h2>
                                        <button class=BUTTON data-testid="approve-selected"
                                            disabled=move || review.pending().get() || selected(&p1).is_empty()
                                            on:click=move |_| { review.dispatch((p2.clone(), selected(&p2), true, String::new())); }>
                                            {t(lang, "impl.approve_selected")}
                                        </button>
                                        <button class="inline-flex items-center rounded-md border border-amber-400 bg-amber-50 px-4 py-2 text-sm font-medium text-amber-900 hover:bg-amber-100 disabled:opacity-50"
                                            data-testid="return-selected"
                                            disabled={let p = party.clone(); move || review.pending().get() || selected(&p).is_empty()}
                                            on:click=move |_| { returning.set(Some(p3.clone())); dialog_open.set(true); }>
                                            {t(lang, "impl.return_selected")}
                                        </button>
                                    </div>
                                    <table class="min-w-full text-sm">
                                        <tbody>
                                            {list.into_iter().map(|i| {
                                                let key = (party.clone(), i.implementation_code.clone());
                                                let k2 = key.clone();
                                                view! {
                                                    <tr class="border-t border-slate-100 align-top" data-impl=i.implementation_code.clone()>
                                                        <td class="w-8 py-2 pr-3">
                                                            <input type="checkbox" data-testid="choose"
                                                                prop:checked=move || chosen.get().contains(&key)
                                                                on:change=move |ev| {
                                                                    let on = event_target_checked(&ev);
                                                                    chosen.update(|s| { if on { s.insert(k2.clone()); } else { s.remove(&k2); } });
                                                                }/>
                                                        </td>
                                                        <td class="py-2 pr-3">
                                                            <div class="font-medium">{i.name.clone()}</div>
                                                            <div class="font-mono text-xs text-slate-400">{i.implementation_code.clone()}</div>
                                                            <div class="text-xs text-slate-500">{fmt_time(&i.submitted_at)}</div>
                                                        </td>
                                                        <td class="py-2">
                                                            {i.is_new.then(|| view! { <span class="mb-1 inline-block rounded bg-blue-100 px-1.5 text-xs text-blue-800">{t(lang, "impl.new_item")}</span> })}
                                                            <table class="text-xs">
                                                                <tbody>
                                                                    {i.changes.iter().filter(|(f, _, _)| f != "implementation_code" && f != "name").map(|(f, o, n)| view! {
                                                                        <tr data-changed-field=f.clone()>
                                                                            <td class="pr-2 text-slate-500">{t(lang, &format!("impl_field.{f}"))}</td>
                                                                            {(!i.is_new).then(|| view! { <td class="pr-2 text-rose-700 line-through">{shown(o)}</td> })}
                                                                            <td class="text-emerald-800">{shown(n)}</td>
                                                                        </tr>
                                                                    }).collect_view()}
                                                                </tbody>
                                                            </table>
                                                        </td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </section>
                            }
                        }).collect_view().into_any()
                    }
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Transition>
        <ConfirmReason
            open=dialog_open
            title=Signal::derive(move || t(lang, "impl.return_selected").to_string())
            message=Signal::derive(move || t(lang, "impl.return_hint").to_string())
            pending=review.pending()
            on_confirm=Callback::new(move |reason: String| {
                if let Some(p) = returning.get_untracked() {
                    let codes = selected(&p);
                    review.dispatch((p, codes, false, reason));
                }
            })
        />
    }
}
