//! A value from KSeF's answer in the user's words. A value newer than Klucznik is shown as KSeF
//! names it, with a hint, and the rest of the page goes on (CIRFMF/ksef-api#866).

use ksef_core::extensible::{Extensible, KnownName};
use ksef_core::Lang;
use yew::prelude::*;

use crate::i18n::texts;

/// The hint next to a value Klucznik does not know.
pub fn unknown_hint(lang: Lang) -> &'static str {
    texts(lang).common.unknown_value_hint
}

/// A known value's label, or the raw name with the hint.
pub fn ksef_value<T: KnownName>(
    value: &Extensible<T>,
    label: impl Fn(T) -> &'static str,
    lang: Lang,
) -> Html {
    match value {
        Extensible::Known(v) => html! { label(*v) },
        Extensible::Unknown(raw) => html! {
            <span class="unknown-value" title={unknown_hint(lang)}>
                <code>{ raw }</code>{ " " }<small class="hint">{ format!("({})", unknown_hint(lang)) }</small>
            </span>
        },
    }
}

/// A list of values, comma-separated.
pub fn ksef_values<T: KnownName>(
    values: &[Extensible<T>],
    label: impl Fn(T) -> &'static str + Copy,
    lang: Lang,
) -> Html {
    values
        .iter()
        .enumerate()
        .map(
            |(i, v)| html! { <>{ if i > 0 { ", " } else { "" } }{ ksef_value(v, label, lang) }</> },
        )
        .collect()
}

/// A status badge; its colour class is the API name (`active`, `revoked`, …).
pub fn badge<T: KnownName>(
    value: &Extensible<T>,
    label: impl Fn(T) -> &'static str,
    lang: Lang,
) -> Html {
    html! {
        <span class={classes!("badge", value.name().to_lowercase())}>{ ksef_value(value, label, lang) }</span>
    }
}
