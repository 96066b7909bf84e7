use leptos::prelude::*;

use crate::i18n::{t, use_lang};

/// A modal that asks for confirmation and, for destructive actions, a reason
/// (kept in the audit trail). Confirm stays disabled until a reason is typed.
#[component]
pub fn ConfirmReason(
    /// Whether the dialog is shown.
    open: RwSignal<bool>,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] message: Signal<String>,
    /// Called with the reason.
    on_confirm: Callback<String>,
    /// True while the action runs.
    #[prop(into)]
    pending: Signal<bool>,
    #[prop(optional)] danger: bool,
) -> AnyView {
    let lang = use_lang();
    let reason = RwSignal::new(String::new());
    let confirm_class = if danger {
        "rounded-md bg-rose-600 px-4 py-2 text-sm font-medium text-white hover:bg-rose-700 disabled:opacity-50"
    } else {
        "rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800 disabled:opacity-50"
    };
    view! {
        <Show when=move || open.get()>
            <div class="fixed inset-0 z-40 flex items-center justify-center bg-slate-900/40" role="dialog" aria-modal="true">
                <div class="w-full max-w-md rounded-lg bg-white p-6 shadow-xl" data-testid="confirm-dialog">
                    <h2 class="text-lg font-semibold">{move || title.get()}</h2>
                    <p class="mt-2 text-sm text-slate-600">{move || message.get()}</p>
                    <label class="mt-4 block text-sm font-medium" for="confirm-reason">
                        {t(lang, "dialog.reason")}
                        <span class="text-rose-600">" *"</span>
                    </label>
                    <textarea
                        id="confirm-reason"
                        name="reason"
                        class="mt-1 w-full rounded-md border border-slate-300 p-2 text-sm"
                        rows="3"
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))
                        placeholder=t(lang, "dialog.reason_hint")
                    ></textarea>
                    <div class="mt-6 flex justify-end gap-2">
                        <button
                            type="button"
                            class="rounded-md border border-slate-300 px-4 py-2 text-sm hover:bg-slate-50"
                            on:click=move |_| {
                                open.set(false);
                                reason.set(String::new());
                            }
                        >
                            {t(lang, "common.cancel")}
                        </button>
                        <button
                            type="button"
                            class=confirm_class
                            data-testid="confirm-ok"
                            disabled=move || reason.get().trim().is_empty() || pending.get()
                            on:click=move |_| {
                                on_confirm.run(reason.get().trim().to_string());
                                reason.set(String::new());
                            }
                        >
                            {move || if pending.get() { t(lang, "common.working") } else { t(lang, "common.confirm") }}
                        </button>
                    </div>
                </div>
            </div>
        </Show>
    }.into_any()
}
