//! What a login is for: the context (validated as typed), how KSeF reads the signer, and an
//! optional IP policy that binds the session to client addresses.

use ksef_core::api::auth::ChallengeResponse;
use ksef_core::auth_xml::{AuthTokenRequest, SubjectIdentifierType, XmlStyle};
use ksef_core::context::{ContextIdentifier, ContextType};
use ksef_core::flow::Failure;
use ksef_core::ident::{Challenge, IdError};
use ksef_core::ip_policy::{AllowedIps, IpPolicyError};
use ksef_core::lang::Localized;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::app::use_settings;
use crate::components::on;
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

/// An IP policy as typed, or why it is not one (worded when shown).
pub type IpPolicy = Result<Option<AllowedIps>, IpPolicyError>;

/// The three IP lists typed by the user; `Ok(None)` when all are empty.
pub fn parse_ips(addresses: &str, ranges: &str, masks: &str) -> IpPolicy {
    let (a, r, m) = (split(addresses), split(ranges), split(masks));
    if a.is_empty() && r.is_empty() && m.is_empty() {
        return Ok(None);
    }
    AllowedIps::parse(&a, &r, &m).map(Some)
}

/// The IP policy fields as a reducer: the three lists and the address KSeF said it sees.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IpFields {
    pub addresses: String,
    pub ranges: String,
    pub masks: String,
    /// The answer to "which address does KSeF see?".
    pub seen: Option<Result<String, Failure>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IpList {
    Addresses,
    Ranges,
    Masks,
}

#[derive(Clone, Debug, PartialEq)]
pub enum IpAction {
    Edit(IpList, String),
    /// KSeF's challenge named the client's address (added to the list), or could not be asked.
    Seen(Result<String, Failure>),
}

impl IpFields {
    pub fn policy(&self) -> IpPolicy {
        parse_ips(&self.addresses, &self.ranges, &self.masks)
    }
}

impl Reducible for IpFields {
    type Action = IpAction;

    fn reduce(self: Rc<Self>, action: IpAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            IpAction::Edit(IpList::Addresses, v) => s.addresses = v,
            IpAction::Edit(IpList::Ranges, v) => s.ranges = v,
            IpAction::Edit(IpList::Masks, v) => s.masks = v,
            IpAction::Seen(Ok(ip)) => {
                s.addresses = if s.addresses.trim().is_empty() {
                    ip.clone()
                } else {
                    format!("{}, {ip}", s.addresses)
                };
                s.seen = Some(Ok(ip));
            }
            IpAction::Seen(Err(f)) => s.seen = Some(Err(f)),
        }
        Rc::new(s)
    }
}

#[derive(Properties, PartialEq)]
pub struct IpPolicyProps {
    pub on_change: Callback<IpPolicy>,
}

/// Optional `AllowedIps`, with a button that asks KSeF which address it sees.
#[function_component(IpPolicyField)]
pub fn ip_policy_field(props: &IpPolicyProps) -> Html {
    let settings = use_settings();
    let lang = settings.lang;
    let t = texts(lang);
    let state = use_reducer(IpFields::default);
    let d = state.dispatcher();
    let policy = state.policy();
    {
        let on_change = props.on_change.clone();
        use_effect_with(policy.clone(), move |p| on_change.emit(p.clone()));
    }
    let edit = |list: IpList| {
        on(&d, move |e: InputEvent| {
            IpAction::Edit(list, e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let use_mine = {
        let (d, base) = (d.clone(), settings.api_base());
        Callback::from(move |_: MouseEvent| {
            let (d, base) = (d.clone(), base.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let seen = crate::api::challenge(&base, &|_, _| {}).await;
                d.dispatch(IpAction::Seen(seen.map(|c| c.client_ip)));
            });
        })
    };
    html! {
        <details class="ip-policy">
            <summary>{ t.login.ip_restrict }</summary>
            <p class="help">{ t.login.ip_help }</p>
            <label for="ip-addresses">{ t.login.ip_addresses }</label>
            <input id="ip-addresses" value={state.addresses.clone()} oninput={edit(IpList::Addresses)} autocomplete="off" aria-describedby="ip-error" />
            <button type="button" class="secondary" onclick={use_mine}>{ t.login.ip_insert_seen }</button>
            <label for="ip-ranges">{ t.login.ip_ranges }</label>
            <input id="ip-ranges" value={state.ranges.clone()} oninput={edit(IpList::Ranges)} autocomplete="off" aria-describedby="ip-error" />
            <label for="ip-masks">{ t.login.ip_masks }</label>
            <input id="ip-masks" value={state.masks.clone()} oninput={edit(IpList::Masks)} autocomplete="off" aria-describedby="ip-error" />
            if let Err(e) = &policy {
                <p id="ip-error" class="error" role="alert">{ e.message(lang) }</p>
            }
            { match &state.seen {
                Some(Ok(ip)) => html! { <p class="help" role="status">{ t.login.ip_seen }<code>{ ip }</code></p> },
                Some(Err(f)) => html! { <p class="error" role="alert" data-kind={f.kind()}>{ f.message(lang) }</p> },
                None => html! {},
            } }
        </details>
    }
}

/// The target fields as a reducer: context kind and value, subject type, IP policy.
#[derive(Clone, Debug, PartialEq)]
pub struct TargetFields {
    pub kind: ContextType,
    pub value: String,
    pub subject: SubjectIdentifierType,
    pub ips: IpPolicy,
}

impl Default for TargetFields {
    fn default() -> TargetFields {
        TargetFields {
            kind: ContextType::Nip,
            value: String::new(),
            subject: SubjectIdentifierType::default(),
            ips: Ok(None),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum TargetAction {
    Kind(ContextType),
    Value(String),
    Subject(SubjectIdentifierType),
    Ips(IpPolicy),
}

impl TargetFields {
    pub fn context(&self) -> Result<ContextIdentifier, IdError> {
        ContextIdentifier::parse(self.kind, self.value.trim())
    }

    /// Why the typed value is no identifier; nothing while the field is empty.
    pub fn value_error(&self) -> Option<IdError> {
        (!self.value.is_empty())
            .then(|| self.context().err())
            .flatten()
    }

    /// The target, once the context and the IP policy are valid.
    pub fn target(&self) -> Option<Target> {
        Some(Target {
            context: self.context().ok()?,
            subject: self.subject,
            allowed_ips: self.ips.clone().ok()?,
        })
    }
}

impl Reducible for TargetFields {
    type Action = TargetAction;

    fn reduce(self: Rc<Self>, action: TargetAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            TargetAction::Kind(k) => s.kind = k,
            TargetAction::Value(v) => s.value = v,
            TargetAction::Subject(subject) => s.subject = subject,
            TargetAction::Ips(ips) => s.ips = ips,
        }
        Rc::new(s)
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
    let state = use_reducer(TargetFields::default);
    let d = state.dispatcher();
    let field_error = state.value_error().map(|e| e.message(lang));
    {
        let on_change = props.on_change.clone();
        use_effect_with(state.target(), move |t| on_change.emit(t.clone()));
    }
    // The options are the kinds' own names: an unknown one cannot be chosen.
    let on_kind = on(&d, |e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        TargetAction::Kind(ContextType::from_name(&v).unwrap_or(ContextType::Nip))
    });
    let on_value = on(&d, |e: InputEvent| {
        TargetAction::Value(e.target_unchecked_into::<HtmlInputElement>().value())
    });
    let on_subject = on(&d, |e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        TargetAction::Subject(SubjectIdentifierType::from_name(&v).unwrap_or_default())
    });
    let subject = state.subject;
    html! {
        <fieldset class="target">
            <legend>{ t.login.on_whose_behalf }</legend>
            <label for="ctx-type">{ t.login.context_type }</label>
            <select id="ctx-type" onchange={on_kind}>
                { for ContextType::ALL.iter().map(|k| html! {
                    <option value={k.as_str()} selected={*k == state.kind}>{ k.label(lang) }</option>
                }) }
            </select>
            <label for="ctx-value">{ t.common.context_identifier }</label>
            <input id="ctx-value" value={state.value.clone()} oninput={on_value} autocomplete="off"
                aria-invalid={field_error.is_some().to_string()} aria-describedby="ctx-value-error" />
            if let Some(msg) = &field_error {
                <p id="ctx-value-error" class="error" role="alert">{ msg }</p>
            }
            <label for="subject-type">{ t.login.subject_type }</label>
            <select id="subject-type" onchange={on_subject}>
                <option value="certificateSubject" selected={subject == SubjectIdentifierType::CertificateSubject}>{ t.login.subject_certificate }</option>
                <option value="certificateFingerprint" selected={subject == SubjectIdentifierType::CertificateFingerprint}>{ t.login.subject_fingerprint }</option>
            </select>
            <IpPolicyField on_change={on(&d, TargetAction::Ips)} />
        </fieldset>
    }
}
