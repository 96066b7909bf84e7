use leptos::prelude::*;

use crate::i18n::{t, use_lang};

/// A modal that asks for confirmation and, for destructive actions, a reason
/// (kept in the audit trail; confirm stays disabled until one is typed).
///
/// It is the native `<dialog>` opened with `showModal()`: the browser moves
/// focus into it, keeps Tab inside (the page behind is inert), closes it on
/// Esc and gives focus back to the button that opened it.
#[component]
pub fn ConfirmReason(
    /// Whether the dialog is shown.
    open: RwSignal<bool>,
    /// Names the action ("吊销凭证", not "确认").
    #[prop(into)]
    title: Signal<String>,
    #[prop(into)] message: Signal<String>,
    /// Called with the reason (empty when none is asked).
    on_confirm: Callback<String>,
    /// True while the action runs.
    #[prop(into)]
    pending: Signal<bool>,
    #[prop(optional)] danger: bool,
    /// Ask for a reason (the default); `false` for a plain confirmation.
    #[prop(default = true)]
    ask_reason: bool,
    /// Distinguishes several dialogs on one page (element ids).
    #[prop(default = "confirm")]
    id: &'static str,
    /// The confirm button's text; 确认 when not given.
    #[prop(optional, into)]
    confirm_label: Option<Signal<String>>,
) -> AnyView {
    let lang = use_lang();
    let reason = RwSignal::new(String::new());
    let node = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        let shown = open.get();
        let Some(d) = node.get() else { return };
        if shown && !d.open() {
            let _ = d.show_modal();
        } else if !shown && d.open() {
            d.close();
        }
    });
    let close = move || {
        open.set(false);
        reason.set(String::new());
    };
    let confirm_class = if danger {
        "rounded-md bg-rose-700 px-4 py-2 text-sm font-medium text-white hover:bg-rose-800 disabled:opacity-50"
    } else {
        "rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800 disabled:opacity-50"
    };
    let (title_id, labelled_by) = (format!("{id}-title"), format!("{id}-title"));
    let (text_id, described_by) = (format!("{id}-message"), format!("{id}-message"));
    let reason_id = format!("{id}-reason");
    view! {
        <dialog
            node_ref=node
            class="w-full max-w-md rounded-lg bg-white p-6 shadow-xl backdrop:bg-slate-900/40"
            aria-labelledby=labelled_by
            aria-describedby=described_by
            data-testid="confirm-dialog"
            data-dialog=id
            on:close=move |_| close()
        >
            <h2 class="text-lg font-semibold" id=title_id>{move || title.get()}</h2>
            <p class="mt-2 text-sm text-slate-600" id=text_id>{move || message.get()}</p>
            {ask_reason.then(|| view! {
                <label class="mt-4 block text-sm font-medium" for=reason_id.clone()>
                    {t(lang, "dialog.reason")}
                    <span class="text-rose-700">" *"</span>
                </label>
                <textarea
                    id=reason_id.clone()
                    name="reason"
                    class="mt-1 w-full rounded-md border border-slate-300 p-2 text-sm"
                    rows="3"
                    required
                    prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))
                    placeholder=t(lang, "dialog.reason_hint")
                ></textarea>
            }.into_any())}
            <div class="mt-6 flex justify-end gap-2">
                <button
                    type="button"
                    class="rounded-md border border-slate-300 px-4 py-2 text-sm hover:bg-slate-50"
                    data-testid="confirm-cancel"
                    on:click=move |_| close()
                >
                    {t(lang, "common.cancel")}
                </button>
                <button
                    type="button"
                    class=confirm_class
                    data-testid="confirm-ok"
                    disabled=move || (ask_reason && reason.get().trim().is_empty()) || pending.get()
                    on:click=move |_| {
                        on_confirm.run(reason.get().trim().to_string());
                        reason.set(String::new());
                    }
                >
                    {move || if pending.get() {
                        t(lang, "common.working").to_string()
                    } else {
                        confirm_label.map(|l| l.get()).unwrap_or_else(|| t(lang, "common.confirm").to_string())
                    }}
                </button>
            </div>
        </dialog>
    }.into_any()
}
