//! What a login is for: the context (validated as typed), how KSeF reads the signer, and an
//! optional IP policy that binds the session to client addresses.

use ksef_core::api::auth::ChallengeResponse;
use ksef_core::auth_xml::{AuthTokenRequest, SubjectIdentifierType, XmlStyle};
use ksef_core::context::{ContextIdentifier, ContextType};
use ksef_core::flow::Failure;
use ksef_core::ident::Challenge;
use ksef_core::ip_policy::AllowedIps;
use ksef_core::lang::{Lang, Localized};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::app::use_settings;
use crate::i18n::texts;

#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub context: ContextIdentifier,
    pub subject: SubjectIdentifierType,
    pub allowed_ips: Option<AllowedIps>,
}

impl Target {
    pub fn request(&self, challenge: Challenge) -> AuthTokenRequest {
        let mut req = AuthTokenRequest::new(challenge, self.context.clone());
        req.subject_type = self.subject;
        req.allowed_ips = self.allowed_ips.clone();
        req
    }

    pub fn unsigned_xml(&self, challenge: Challenge) -> String {
        self.request(challenge).to_xml(XmlStyle::Pretty)
    }
}

/// KSeF's challenge as typed; one that is not a challenge is an answer Klucznik cannot read.
pub fn parse_challenge(c: &ChallengeResponse) -> Result<Challenge, Failure> {
    c.challenge
        .parse()
        .map_err(|e: ksef_core::ident::IdError| Failure::Unexpected {
            status: 200,
            detail: format!("challenge {}: {e}", c.challenge),
        })
}

fn split(s: &str) -> Vec<String> {
    s.split([',', ' ', '\n', ';'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// The three IP lists typed by the user; `Ok(None)` when all are empty.
pub fn parse_ips(
    addresses: &str,
    ranges: &str,
    masks: &str,
    lang: Lang,
) -> Result<Option<AllowedIps>, String> {
    let (a, r, m) = (split(addresses), split(ranges), split(masks));
    if a.is_empty() && r.is_empty() && m.is_empty() {
        return Ok(None);
    }
    AllowedIps::parse(&a, &r, &m)
        .map(Some)
        .map_err(|e| e.message(lang))
}

#[derive(Properties, PartialEq)]
pub struct IpPolicyProps {
    pub on_change: Callback<Result<Option<AllowedIps>, String>>,
}

/// Optional `AllowedIps`, with a button that asks KSeF which address it sees.
#[function_component(IpPolicyField)]
pub fn ip_policy_field(props: &IpPolicyProps) -> Html {
    let settings = use_settings();
    let lang = settings.lang;
    let t = texts(lang);
    let fields = use_state(|| (String::new(), String::new(), String::new()));
    let note = use_state(|| None::<String>);
    let error = parse_ips(&fields.0, &fields.1, &fields.2, lang).err();
    {
        let on_change = props.on_change.clone();
        use_effect_with((*fields).clone(), move |(a, r, m)| {
            on_change.emit(parse_ips(a, r, m, lang));
        });
    }
    let edit = |which: usize| {
        let fields = fields.clone();
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            let mut f = (*fields).clone();
            match which {
                0 => f.0 = v,
                1 => f.1 = v,
                _ => f.2 = v,
            }
            fields.set(f);
        })
    };
    let use_mine = {
        let (fields, note, base) = (fields.clone(), note.clone(), settings.api_base());
        Callback::from(move |_: MouseEvent| {
            let (fields, note, base) = (fields.clone(), note.clone(), base.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match crate::api::challenge(&base, &|_, _| {}).await {
                    Ok(c) => {
                        let mut f = (*fields).clone();
                        f.0 = if f.0.trim().is_empty() {
                            c.client_ip.clone()
                        } else {
                            format!("{}, {}", f.0, c.client_ip)
                        };
                        fields.set(f);
                        note.set(Some(c.client_ip));
                    }
                    Err(e) => note.set(Some(e.message(lang))),
                }
            });
        })
    };
    html! {
        <details class="ip-policy">
            <summary>{ t.login.ip_restrict }</summary>
            <p class="help">{ t.login.ip_help }</p>
            <label for="ip-addresses">{ t.login.ip_addresses }</label>
            <input id="ip-addresses" value={fields.0.clone()} oninput={edit(0)} autocomplete="off" aria-describedby="ip-error" />
            <button type="button" class="secondary" onclick={use_mine}>{ t.login.ip_insert_seen }</button>
            <label for="ip-ranges">{ t.login.ip_ranges }</label>
            <input id="ip-ranges" value={fields.1.clone()} oninput={edit(1)} autocomplete="off" aria-describedby="ip-error" />
            <label for="ip-masks">{ t.login.ip_masks }</label>
            <input id="ip-masks" value={fields.2.clone()} oninput={edit(2)} autocomplete="off" aria-describedby="ip-error" />
            if let Some(e) = error {
                <p id="ip-error" class="error" role="alert">{ e }</p>
            }
            if let Some(n) = &*note {
                <p class="help" role="status">{ t.login.ip_seen }<code>{ n }</code></p>
            }
        </details>
    }
}

#[derive(Properties, PartialEq)]
pub struct TargetProps {
    pub on_change: Callback<Option<Target>>,
}

/// Context type and value (checked as typed), subject identifier type, IP policy.
#[function_component(TargetForm)]
pub fn target_form(props: &TargetProps) -> Html {
    let settings = use_settings();
    let lang = settings.lang;
    let t = texts(lang);
    let kind = use_state(|| ContextType::Nip);
    let value = use_state(String::new);
    let subject = use_state(SubjectIdentifierType::default);
    let ips = use_state(|| Ok::<Option<AllowedIps>, String>(None));
    let validation = ContextIdentifier::parse(*kind, value.trim());
    let field_error = match (&validation, value.is_empty()) {
        (Err(e), false) => Some(e.message(lang)),
        _ => None,
    };
    {
        let on_change = props.on_change.clone();
        let target = match (&validation, &*ips) {
            (Ok(context), Ok(allowed)) => Some(Target {
                context: context.clone(),
                subject: *subject,
                allowed_ips: allowed.clone(),
            }),
            _ => None,
        };
        use_effect_with(target, move |t| on_change.emit(t.clone()));
    }
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            kind.set(ContextType::from_name(&v).unwrap_or(ContextType::Nip));
        })
    };
    let on_value = {
        let value = value.clone();
        Callback::from(move |e: InputEvent| {
            value.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_subject = {
        let subject = subject.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            subject.set(SubjectIdentifierType::from_name(&v).unwrap_or_default());
        })
    };
    let on_ips = {
        let ips = ips.clone();
        Callback::from(move |r| ips.set(r))
    };
    html! {
        <fieldset class="target">
            <legend>{ t.login.on_whose_behalf }</legend>
            <label for="ctx-type">{ t.login.context_type }</label>
            <select id="ctx-type" onchange={on_kind}>
                { for ContextType::ALL.iter().map(|k| html! {
                    <option value={k.as_str()} selected={*k == *kind}>{ k.label(lang) }</option>
                }) }
            </select>
            <label for="ctx-value">{ t.common.context_identifier }</label>
            <input id="ctx-value" value={(*value).clone()} oninput={on_value} autocomplete="off"
                aria-invalid={field_error.is_some().to_string()} aria-describedby="ctx-value-error" />
            if let Some(msg) = &field_error {
                <p id="ctx-value-error" class="error" role="alert">{ msg }</p>
            }
            <label for="subject-type">{ t.login.subject_type }</label>
            <select id="subject-type" onchange={on_subject}>
                <option value="certificateSubject" selected={*subject == SubjectIdentifierType::CertificateSubject}>{ t.login.subject_certificate }</option>
                <option value="certificateFingerprint" selected={*subject == SubjectIdentifierType::CertificateFingerprint}>{ t.login.subject_fingerprint }</option>
            </select>
            <IpPolicyField on_change={on_ips} />
        </fieldset>
    }
}
