//! The login page as one reducer: which method's tab is open, and the test certificate made for
//! this login (still named once logged in, forgotten at logout).

use std::rc::Rc;

use yew::Reducible;

use super::certificate::TestFiles;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    SignedFile,
    Certificate,
    Token,
}

impl Method {
    pub const ALL: [Method; 3] = [Method::SignedFile, Method::Certificate, Method::Token];

    /// The tab's element id.
    pub fn tab_id(self) -> &'static str {
        match self {
            Method::SignedFile => "tab-signed-file",
            Method::Certificate => "tab-certificate",
            Method::Token => "tab-token",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct LoginState {
    pub method: Method,
    pub test_files: Option<TestFiles>,
}

pub enum LoginAction {
    Choose(Method),
    TestFiles(TestFiles),
    /// The files belong to the login they were made for.
    LoggedOut,
}

impl LoginState {
    /// A certificate offered by the certificates page opens its tab.
    pub fn new(certificate_offered: bool) -> LoginState {
        LoginState {
            method: match certificate_offered {
                true => Method::Certificate,
                false => Method::SignedFile,
            },
            test_files: None,
        }
    }
}

impl Reducible for LoginState {
    type Action = LoginAction;

    fn reduce(self: Rc<Self>, action: LoginAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            LoginAction::Choose(m) => s.method = m,
            LoginAction::TestFiles(f) => s.test_files = Some(f),
            LoginAction::LoggedOut => s.test_files = None,
        }
        Rc::new(s)
    }
}
