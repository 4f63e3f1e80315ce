//! The pages' names: in the menu, and where a page names itself or another.

pub struct Pages {
    pub login: &'static str,
    pub tokens: &'static str,
    pub permissions: &'static str,
    pub desk: &'static str,
    pub certificates: &'static str,
    pub qr: &'static str,
    pub sessions: &'static str,
    pub settings: &'static str,
}
