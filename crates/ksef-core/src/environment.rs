//! The KSeF environments and their fixed addresses.

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Environment {
    /// The local simulator (`ksef-sim`), the default for trying things out.
    #[default]
    Sim,
    Test,
    Demo,
    Prod,
}

impl Environment {
    pub const ALL: [Environment; 4] = [
        Environment::Sim,
        Environment::Test,
        Environment::Demo,
        Environment::Prod,
    ];

    /// The path segment the relay routes by: `/{segment}/v2/...`.
    pub fn segment(self) -> &'static str {
        match self {
            Environment::Sim => "sim",
            Environment::Test => "test",
            Environment::Demo => "demo",
            Environment::Prod => "prod",
        }
    }

    pub fn from_segment(s: &str) -> Option<Environment> {
        Environment::ALL.into_iter().find(|e| e.segment() == s)
    }

    /// The real API base; the simulator has none (the relay mounts it or is configured).
    pub fn api_base(self) -> Option<&'static str> {
        match self {
            Environment::Sim => None,
            Environment::Test => Some("https://api-test.ksef.mf.gov.pl/v2"),
            Environment::Demo => Some("https://api-demo.ksef.mf.gov.pl/v2"),
            Environment::Prod => Some("https://api.ksef.mf.gov.pl/v2"),
        }
    }

    /// Host of the QR verification links; the simulator mimics TEST.
    pub fn qr_host(self) -> &'static str {
        match self {
            Environment::Sim | Environment::Test => "qr-test.ksef.mf.gov.pl",
            Environment::Demo => "qr-demo.ksef.mf.gov.pl",
            Environment::Prod => "qr.ksef.mf.gov.pl",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Environment::Sim => lang.pick("Symulator lokalny", "Local simulator"),
            Environment::Test => "TEST",
            Environment::Demo => "DEMO",
            Environment::Prod => lang.pick("Produkcja", "Production"),
        }
    }

    /// Real invoices and real legal effect.
    pub fn is_production(self) -> bool {
        self == Environment::Prod
    }
}
