//! "Are you sure?" next to a destructive button: the question, a danger "yes" and a "no".

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ConfirmProps {
    pub question: AttrValue,
    pub yes: AttrValue,
    pub no: AttrValue,
    pub on_yes: Callback<()>,
    pub on_no: Callback<()>,
    /// The "yes" button's class, for tests and styles (`confirm-revoke`).
    #[prop_or(AttrValue::Static("confirm-yes"))]
    pub yes_class: AttrValue,
}

#[function_component(Confirm)]
pub fn confirm(props: &ConfirmProps) -> Html {
    let yes = props.on_yes.reform(|_: MouseEvent| ());
    let no = props.on_no.reform(|_: MouseEvent| ());
    html! {
        <span class="confirm" role="group">
            { props.question.clone() }
            <button type="button" class={classes!("danger", props.yes_class.to_string())} onclick={yes}>
                { props.yes.clone() }
            </button>
            <button type="button" class="secondary" onclick={no}>{ props.no.clone() }</button>
        </span>
    }
}
