//! The words around the lists and operations: titles, why KSeF refused, and how a grant or
//! revocation goes (with KSeF's own status text).

use ksef_core::flow::operation::{OperationOutcome, OperationStage};
use ksef_core::flow::Failure;
use ksef_core::lang::{Lang, Localized};
use yew::prelude::*;

use super::state::{Action, Deed, List, Operation, PermissionsState, View};
use crate::app::use_settings;
use crate::i18n::texts;

pub fn view_title(view: View, lang: Lang) -> &'static str {
    let t = &texts(lang).permissions;
    match view {
        View::Here => t.view_here,
        View::Granted => t.view_granted,
        View::Received => t.view_received,
        View::Mine => t.view_mine,
    }
}

pub fn list_title(list: List, lang: Lang) -> &'static str {
    let t = &texts(lang).permissions;
    match list {
        List::Here => t.list_here,
        List::Granted => t.list_granted,
        List::Subunits => t.list_subunits,
        List::AuthorizationsGranted => t.list_authorizations_granted,
        List::Received => t.list_received,
        List::AuthorizationsReceived => t.list_authorizations_received,
        List::Mine => t.list_mine,
    }
}

/// A list's failure; a 403 says which permission would show it.
pub fn refusal(f: &Failure, list: List, lang: Lang) -> String {
    let t = &texts(lang).permissions;
    if !f.lacks_permission() {
        return f.message(lang);
    }
    match list {
        List::Subunits => t.cannot_see_subunits.into(),
        List::Mine => f.message(lang),
        _ => t.cannot_see.into(),
    }
}

#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    pub operation: Operation,
    pub dispatch: UseReducerDispatcher<PermissionsState>,
}

/// The running or finished grant or revocation; stays until dismissed, so it is never missed.
#[function_component(OperationProgress)]
pub fn operation_progress(props: &ProgressProps) -> Html {
    let lang = use_settings().lang;
    let t = &texts(lang).permissions;
    let what = |deed: &Deed| match deed {
        Deed::Grant => t.grant_noun,
        Deed::Revoke { .. } => t.revoke_noun,
    };
    let dismiss = html! {
        <button type="button" class="secondary dismiss" onclick={crate::components::on(&props.dispatch, |_: MouseEvent| Action::DismissOperation)}>
            { t.dismiss }
        </button>
    };
    match &props.operation {
        Operation::Idle => html! {},
        Operation::Running { deed, stage } => {
            let line = match stage {
                OperationStage::Sending => (t.sending)(what(deed)),
                OperationStage::Checking {
                    reference,
                    description,
                } => (t.checking)(what(deed), reference, description),
            };
            html! { <p id="operation" class="notice" role="status" aria-busy="true" data-state="running">{ line }</p> }
        }
        Operation::Finished {
            deed,
            outcome: OperationOutcome::Completed { reference },
        } => html! {
            <p id="operation" class="success" role="status" data-state="done">{ (t.done)(what(deed), reference) }{ dismiss }</p>
        },
        Operation::Finished {
            deed,
            outcome: OperationOutcome::Unconfirmed { reference, why },
        } => html! {
            <p id="operation" class="notice" role="alert" data-state="unconfirmed">
                { (t.unconfirmed)(what(deed), reference) }{ why.message(lang) }{ dismiss }
            </p>
        },
        Operation::Failed { deed, failure } => html! {
            <p id="operation" class="error" role="alert" data-state="failed" data-kind={failure.kind()}>
                { (t.failed)(what(deed)) }{ refusal_of_operation(failure, lang) }{ dismiss }
            </p>
        },
    }
}

/// A refused operation shows KSeF's own status text; a 403 names the missing permission.
fn refusal_of_operation(f: &Failure, lang: Lang) -> String {
    if f.lacks_permission() {
        return texts(lang).permissions.cannot_grant.into();
    }
    f.message(lang)
}
