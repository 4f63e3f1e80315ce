//! The app's pages.

use yew_router::Routable;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Routable)]
pub enum Route {
    #[at("/")]
    Login,
    #[at("/tokeny")]
    Tokens,
    #[at("/uprawnienia")]
    Permissions,
    #[at("/biuro")]
    Desk,
    #[at("/certyfikaty")]
    Certificates,
    #[at("/kody-qr")]
    Qr,
    #[at("/sesje")]
    Sessions,
    #[at("/ustawienia")]
    Settings,
    #[not_found]
    #[at("/404")]
    NotFound,
}
