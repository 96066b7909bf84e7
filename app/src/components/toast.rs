use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
}

#[derive(Debug, Clone)]
struct Toast {
    id: u64,
    kind: ToastKind,
    text: String,
}

/// Short messages in the corner after an action.
#[derive(Clone, Copy)]
pub struct Toasts {
    list: RwSignal<Vec<Toast>>,
    next: StoredValue<u64>,
}

impl Toasts {
    pub fn push(&self, kind: ToastKind, text: impl Into<String>) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.list.update(|l| {
            l.push(Toast {
                id,
                kind,
                text: text.into(),
            })
        });
        let list = self.list;
        set_timeout(
            move || list.update(|l| l.retain(|t| t.id != id)),
            std::time::Duration::from_secs(if kind == ToastKind::Error { 8 } else { 4 }),
        );
    }
    pub fn success(&self, text: impl Into<String>) {
        self.push(ToastKind::Success, text)
    }
    pub fn error(&self, text: impl Into<String>) {
        self.push(ToastKind::Error, text)
    }
}

pub fn provide_toasts() {
    provide_context(Toasts {
        list: RwSignal::new(vec![]),
        next: StoredValue::new(1),
    });
}

pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

#[component]
pub fn ToastHost() -> AnyView {
    let toasts = use_toasts();
    view! {
        <div class="fixed bottom-4 right-4 z-50 flex flex-col gap-2" role="status" aria-live="polite">
            <For each=move || toasts.list.get() key=|t| t.id let:t>
                <div
                    class=if t.kind == ToastKind::Success {
                        "toast rounded-md bg-emerald-600 px-4 py-3 text-sm text-white shadow-lg"
                    } else {
                        "toast rounded-md bg-rose-600 px-4 py-3 text-sm text-white shadow-lg"
                    }
                    data-kind=if t.kind == ToastKind::Success { "success" } else { "error" }
                >
                    {t.text.clone()}
                </div>
            </For>
        </div>
    }.into_any()
}
