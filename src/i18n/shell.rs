//! The page frame: header, menu label, banners, footer.

pub struct Shell {
    pub app_name: &'static str,
    /// The browser tab's title.
    pub document_title: &'static str,
    /// The way back from an unknown address.
    pub back_to_start: &'static str,
    pub tagline: &'static str,
    pub skip_to_content: &'static str,
    pub nav_label: &'static str,
    pub environment: &'static str,
    pub language: &'static str,
    pub production_warning: &'static str,
    pub not_found: &'static str,
    pub footer: &'static str,
    /// The offline banner: its start,
    pub offline_start: &'static str,
    /// the link to the QR page,
    pub offline_qr_link: &'static str,
    /// and the rest.
    pub offline_rest: &'static str,
    /// While the rest of the app (every page but logging in) loads on the first visit.
    pub loading_app: &'static str,
    /// When it could not be loaded,
    pub app_failed: &'static str,
    /// and the button that tries again.
    pub try_again: &'static str,
}
