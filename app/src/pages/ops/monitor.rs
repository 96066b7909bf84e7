//! 服务监控: how this instance is doing (system administrators).

use leptos::prelude::*;

use crate::api::{get_instance, InstanceInfo};
use crate::components::fmt_int;
use crate::components::form::{ErrorBox, Loading, BUTTON_LIGHT};
use crate::i18n::{t, use_lang, Lang};

fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{} B", fmt_int(n as i64))
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

fn duration(lang: Lang, s: u64) -> String {
    let (d, h, m) = (s / 86_400, s % 86_400 / 3_600, s % 3_600 / 60);
    match lang {
        Lang::Zh => format!("{d} 天 {h} 小时 {m} 分"),
        Lang::En => format!("{d} d {h} h {m} min"),
    }
}

#[component]
fn Figure(label: &'static str, value: String, testid: &'static str) -> AnyView {
    let lang = use_lang();
    view! {
        <div class="rounded-lg border border-slate-200 bg-white p-4" data-testid=testid>
            <div class="text-sm text-slate-500">{t(lang, label)}</div>
            <div class="mt-1 text-lg font-semibold">{value}</div>
        </div>
    }
    .into_any()
}

#[component]
pub fn MonitorPage() -> AnyView {
    let lang = use_lang();
    let rev = RwSignal::new(0u32);
    let info = Resource::new(move || rev.get(), |_| get_instance());
    let none = || "—".to_string();
    view! {
        <div class="mb-4 flex flex-wrap items-center justify-between gap-3">
            <h1 class="text-xl font-semibold" data-testid="page-title">{t(lang, "nav.monitor")}</h1>
            <button class=BUTTON_LIGHT data-testid="refresh" on:click=move |_| rev.update(|n| *n += 1)>{t(lang, "common.refresh")}</button>
        </div>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match info.await {
                    Ok(i) => {
                        let i: InstanceInfo = i;
                        let mem = match (i.mem_total_bytes, i.mem_available_bytes) {
                            (Some(total), Some(avail)) => format!("{} / {}", bytes(total.saturating_sub(avail)), bytes(total)),
                            _ => none(),
                        };
                        view! {
                            <div class="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="instance">
                                <Figure label="monitor.version" value=i.version.clone() testid="m-version"/>
                                <Figure label="monitor.engine" value=t(lang, &format!("monitor.engine.{}", i.engine)).to_string() testid="m-engine"/>
                                <Figure label="monitor.db_size" value=bytes(i.db_bytes.max(0) as u64) testid="m-db-size"/>
                                <Figure label="monitor.pool" value=crate::i18n::punct(lang, format!("{} / {}（{} {}）", i.pool_open, i.pool_max, i.pool_idle, t(lang, "monitor.idle"))) testid="m-pool"/>
                                <Figure label="monitor.uptime" value=i.uptime_seconds.map(|s| duration(lang, s)).unwrap_or_else(none) testid="m-uptime"/>
                                <Figure label="monitor.rss" value=i.rss_bytes.map(bytes).unwrap_or_else(none) testid="m-rss"/>
                                <Figure label="monitor.cpu_time" value=i.cpu_seconds.map(|c| format!("{c:.1} s")).unwrap_or_else(none) testid="m-cpu"/>
                                <Figure label="monitor.load" value=i.load_1m.map(|l| format!("{l:.2} / {}", i.cpus)).unwrap_or_else(none) testid="m-load"/>
                                <Figure label="monitor.memory" value=mem testid="m-memory"/>
                            </div>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}
