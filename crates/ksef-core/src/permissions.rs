//! Token permissions with the Polish labels of the Ministry's form, and ERP-style presets.

use crate::lang::Lang;

crate::ksef_enum! {
    /// A permission as KSeF names it: `PersonalPermissionScope`, a superset of
    /// `TokenPermissionType` (which lacks `VatUeManage`).
    pub enum Permission {
        InvoiceRead,
        InvoiceWrite,
        CredentialsRead,
        CredentialsManage,
        SubunitManage,
        EnforcementOperations,
        Introspection,
        /// New in API 2.9.0: collective invoice identifiers.
        CollectiveIdentifierManage,
        VatUeManage,
    }
}

impl Permission {
    /// What a KSeF token may carry, in the order of the Ministry's form.
    pub const TOKEN: [Permission; 8] = [
        Permission::InvoiceRead,
        Permission::InvoiceWrite,
        Permission::CredentialsRead,
        Permission::CredentialsManage,
        Permission::SubunitManage,
        Permission::EnforcementOperations,
        Permission::Introspection,
        Permission::CollectiveIdentifierManage,
    ];

    /// What `POST /permissions/persons/grants` gives (`PersonPermissionType`): the same set.
    pub const PERSON_GRANT: [Permission; 8] = Permission::TOKEN;

    /// What an entity or an indirect grant gives: invoice handling, which can be delegated.
    pub const DELEGABLE: [Permission; 3] = [
        Permission::InvoiceRead,
        Permission::InvoiceWrite,
        Permission::CollectiveIdentifierManage,
    ];

    /// What an EU entity's representative may get.
    pub const EU_REPRESENTATIVE: [Permission; 2] =
        [Permission::InvoiceRead, Permission::InvoiceWrite];

    /// What an EU entity's administrator gets, all at once (and what its query lists).
    pub const EU_ADMINISTRATOR: [Permission; 4] = [
        Permission::VatUeManage,
        Permission::InvoiceWrite,
        Permission::InvoiceRead,
        Permission::Introspection,
    ];

    /// Only invoice handling can be passed on (`canDelegate`).
    pub fn delegable(self) -> bool {
        Permission::DELEGABLE.contains(&self)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Permission::InvoiceRead => lang.pick("Przeglądanie faktur", "View invoices"),
            Permission::InvoiceWrite => lang.pick("Wystawianie faktur", "Issue invoices"),
            Permission::CredentialsRead => lang.pick("Przeglądanie uprawnień", "View permissions"),
            Permission::CredentialsManage => {
                lang.pick("Zarządzanie uprawnieniami", "Manage permissions")
            }
            Permission::SubunitManage => {
                lang.pick("Zarządzanie jednostkami podrzędnymi", "Manage subunits")
            }
            Permission::EnforcementOperations => lang.pick(
                "Wykonywanie operacji egzekucyjnych",
                "Perform enforcement operations",
            ),
            Permission::Introspection => {
                lang.pick("Przeglądanie historii sesji", "View session history")
            }
            Permission::CollectiveIdentifierManage => lang.pick(
                "Zarządzanie identyfikatorami zbiorczymi",
                "Manage collective identifiers",
            ),
            Permission::VatUeManage => lang.pick(
                "Zarządzanie uprawnieniami podmiotu unijnego (VAT UE)",
                "Manage EU entity permissions (VAT-EU)",
            ),
        }
    }
}

/// Token kinds as invoicing software names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Preset {
    /// Everything.
    Administrator,
    /// Sending invoices.
    Wysylka,
    /// Fetching invoices.
    Pobieranie,
}

impl Preset {
    pub const ALL: [Preset; 3] = [Preset::Administrator, Preset::Wysylka, Preset::Pobieranie];

    pub fn permissions(self) -> &'static [Permission] {
        match self {
            Preset::Administrator => &Permission::TOKEN,
            Preset::Wysylka => &[Permission::InvoiceWrite],
            Preset::Pobieranie => &[Permission::InvoiceRead],
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Preset::Administrator => "Administrator",
            Preset::Wysylka => lang.pick("Wysyłka", "Send"),
            Preset::Pobieranie => lang.pick("Pobieranie", "Fetch"),
        }
    }

    /// The preset whose permissions are exactly `chosen`, if any.
    pub fn matching(chosen: &[Permission]) -> Option<Preset> {
        let mut chosen = chosen.to_vec();
        chosen.sort();
        chosen.dedup();
        Preset::ALL.into_iter().find(|p| {
            let mut own = p.permissions().to_vec();
            own.sort();
            own == chosen
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn names_round_trip_through_serde() {
        for &p in Permission::ALL {
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(json, format!("\"{}\"", p.as_str()));
            assert_eq!(Permission::from_name(p.as_str()), Some(p));
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn presets() {
        assert_eq!(Preset::Wysylka.permissions(), &[Permission::InvoiceWrite]);
        assert_eq!(
            Preset::matching(&[Permission::InvoiceRead]),
            Some(Preset::Pobieranie)
        );
        assert_eq!(
            Preset::matching(&Permission::TOKEN),
            Some(Preset::Administrator)
        );
        assert_eq!(
            Preset::matching(&[Permission::InvoiceRead, Permission::InvoiceWrite]),
            None
        );
        assert_eq!(
            Permission::SubunitManage.label(Lang::Pl),
            "Zarządzanie jednostkami podrzędnymi"
        );
        assert_eq!(
            Permission::CollectiveIdentifierManage.label(Lang::Pl),
            "Zarządzanie identyfikatorami zbiorczymi"
        );
    }
}
