//! The closed enums of `/permissions/*` with KSeF's wire names, and the labels a user reads
//! (`as_str` is the API's name, never UI text).

use crate::lang::Lang;

crate::ksef_enum! {
    pub enum PermissionState {
        Active,
        /// An indirect grant that is not in effect now (the client withdrew the delegable right).
        Inactive,
    }
}

crate::ksef_enum! {
    /// An entity's right to invoice for another (`EntityAuthorizationPermissionType`).
    pub enum AuthorizationScope {
        SelfInvoicing,
        RRInvoicing,
        TaxRepresentative,
        PefInvoicing,
    }
}

crate::ksef_enum! {
    /// Who a grant's `subjectDetails` describe: a person known by NIP/PESEL, a person known by a
    /// certificate fingerprint (with or without a Polish identifier), or an entity.
    pub enum SubjectDetailsType {
        PersonByIdentifier,
        PersonByFingerprintWithIdentifier,
        PersonByFingerprintWithoutIdentifier,
        EntityByIdentifier,
        EntityByFingerprint,
    }
}

crate::ksef_enum! {
    /// The client an indirect grant is for: one NIP or internal id, or all of the office's
    /// clients (`AllPartners`, no value).
    pub enum TargetIdentifierKind {
        Nip,
        AllPartners,
        InternalId,
    }
}

crate::ksef_enum! {
    /// Who granted: a NIP, PESEL or certificate fingerprint, or KSeF itself (`System`, no value).
    pub enum AuthorIdentifierKind {
        Nip,
        Pesel,
        Fingerprint,
        System,
    }
}

crate::ksef_enum! {
    /// `POST /permissions/query/persons/grants`: what is in force in the session's context, or
    /// what the caller granted there.
    pub enum PersonPermissionsQueryType {
        PermissionsInCurrentContext,
        PermissionsGrantedInCurrentContext,
    }
}

crate::ksef_enum! {
    /// `POST /permissions/query/authorizations/grants` (`QueryType`): what the context granted to
    /// others, or received from them.
    pub enum AuthorizationQueryType {
        Granted,
        Received,
    }
}

crate::ksef_enum! {
    /// An entity's role towards a parent entity (`EntityRoleType`).
    pub enum EntityRoleType {
        CourtBailiff,
        EnforcementAuthority,
        LocalGovernmentUnit,
        LocalGovernmentSubUnit,
        VatGroupUnit,
        VatGroupSubUnit,
    }
}

crate::ksef_enum! {
    /// A Polish identifier of a person known by a certificate fingerprint.
    pub enum PersonIdentifierKind {
        Pesel,
        Nip,
    }
}

crate::ksef_enum! {
    /// Identifiers the spec allows only as a NIP (entity grants, authorizing entities,
    /// subordinate entities, parents).
    pub enum NipKind {
        Nip,
    }
}

crate::ksef_enum! {
    /// Identifiers the spec allows only as a certificate fingerprint (EU-entity grants).
    pub enum FingerprintKind {
        Fingerprint,
    }
}

crate::ksef_enum! {
    /// The composite context of an EU entity's administrator.
    pub enum NipVatUeKind {
        NipVatUe,
    }
}

crate::ksef_enum! {
    /// An entity receiving an authorization: a NIP, or a Peppol service provider.
    pub enum AuthorizedEntityKind {
        Nip,
        PeppolId,
    }
}

crate::ksef_enum! {
    /// A subunit: an internal id (a unit of the entity) or a NIP (a subordinate entity).
    pub enum SubunitKind {
        InternalId,
        Nip,
    }
}

impl PermissionState {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (PermissionState::Active, Lang::Pl) => "aktywne",
            (PermissionState::Active, Lang::En) => "active",
            (PermissionState::Inactive, Lang::Pl) => "nieaktywne",
            (PermissionState::Inactive, Lang::En) => "inactive",
        }
    }
}

impl AuthorizationScope {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (AuthorizationScope::SelfInvoicing, Lang::Pl) => "Samofakturowanie",
            (AuthorizationScope::SelfInvoicing, Lang::En) => "Self-billing",
            (AuthorizationScope::RRInvoicing, Lang::Pl) => "Wystawianie faktur VAT RR",
            (AuthorizationScope::RRInvoicing, Lang::En) => "VAT RR invoices (flat-rate farmers)",
            (AuthorizationScope::TaxRepresentative, Lang::Pl) => {
                "Operacje przedstawiciela podatkowego"
            }
            (AuthorizationScope::TaxRepresentative, Lang::En) => "Tax representative",
            (AuthorizationScope::PefInvoicing, Lang::Pl) => "Wystawianie faktur PEF",
            (AuthorizationScope::PefInvoicing, Lang::En) => "PEF invoices (Peppol)",
        }
    }
}

impl SubjectDetailsType {
    pub fn label(self, lang: Lang) -> &'static str {
        use SubjectDetailsType as T;
        match (self, lang) {
            (T::PersonByIdentifier, Lang::Pl) => "Osoba z NIP lub PESEL",
            (T::PersonByIdentifier, Lang::En) => "Person with a NIP or PESEL",
            (T::PersonByFingerprintWithIdentifier, Lang::Pl) => {
                "Osoba (odcisk certyfikatu), mająca NIP lub PESEL"
            }
            (T::PersonByFingerprintWithIdentifier, Lang::En) => {
                "Person (certificate fingerprint) with a NIP or PESEL"
            }
            (T::PersonByFingerprintWithoutIdentifier, Lang::Pl) => {
                "Osoba (odcisk certyfikatu) bez NIP i PESEL"
            }
            (T::PersonByFingerprintWithoutIdentifier, Lang::En) => {
                "Person (certificate fingerprint) without a NIP or PESEL"
            }
            (T::EntityByIdentifier, Lang::Pl) => "Podmiot z NIP",
            (T::EntityByIdentifier, Lang::En) => "Entity with a NIP",
            (T::EntityByFingerprint, Lang::Pl) => "Podmiot (odcisk pieczęci)",
            (T::EntityByFingerprint, Lang::En) => "Entity (seal fingerprint)",
        }
    }

    /// Details of a person (not of an entity).
    pub fn is_person(self) -> bool {
        !matches!(
            self,
            SubjectDetailsType::EntityByIdentifier | SubjectDetailsType::EntityByFingerprint
        )
    }

    /// The subject is known by a certificate fingerprint.
    pub fn by_fingerprint(self) -> bool {
        !matches!(
            self,
            SubjectDetailsType::PersonByIdentifier | SubjectDetailsType::EntityByIdentifier
        )
    }
}

impl TargetIdentifierKind {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (TargetIdentifierKind::Nip, _) => "NIP",
            (TargetIdentifierKind::AllPartners, Lang::Pl) => "wszyscy klienci",
            (TargetIdentifierKind::AllPartners, Lang::En) => "all clients",
            (TargetIdentifierKind::InternalId, Lang::Pl) => "identyfikator wewnętrzny",
            (TargetIdentifierKind::InternalId, Lang::En) => "internal ID",
        }
    }
}

impl PersonPermissionsQueryType {
    pub fn label(self, lang: Lang) -> &'static str {
        use PersonPermissionsQueryType as Q;
        match (self, lang) {
            (Q::PermissionsInCurrentContext, Lang::Pl) => "Obowiązujące w tym kontekście",
            (Q::PermissionsInCurrentContext, Lang::En) => "In force in this context",
            (Q::PermissionsGrantedInCurrentContext, Lang::Pl) => "Nadane przeze mnie",
            (Q::PermissionsGrantedInCurrentContext, Lang::En) => "Granted by me",
        }
    }
}

impl AuthorizationQueryType {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (AuthorizationQueryType::Granted, Lang::Pl) => "Nadane",
            (AuthorizationQueryType::Granted, Lang::En) => "Granted",
            (AuthorizationQueryType::Received, Lang::Pl) => "Otrzymane",
            (AuthorizationQueryType::Received, Lang::En) => "Received",
        }
    }
}

impl EntityRoleType {
    pub fn label(self, lang: Lang) -> &'static str {
        use EntityRoleType as R;
        match (self, lang) {
            (R::CourtBailiff, Lang::Pl) => "Komornik sądowy",
            (R::CourtBailiff, Lang::En) => "Court bailiff",
            (R::EnforcementAuthority, Lang::Pl) => "Organ egzekucyjny",
            (R::EnforcementAuthority, Lang::En) => "Enforcement authority",
            (R::LocalGovernmentUnit, Lang::Pl) => "Nadrzędna JST",
            (R::LocalGovernmentUnit, Lang::En) => "Local government unit",
            (R::LocalGovernmentSubUnit, Lang::Pl) => "Podrzędna JST",
            (R::LocalGovernmentSubUnit, Lang::En) => "Local government subunit",
            (R::VatGroupUnit, Lang::Pl) => "Grupa VAT",
            (R::VatGroupUnit, Lang::En) => "VAT group",
            (R::VatGroupSubUnit, Lang::Pl) => "Członek grupy VAT",
            (R::VatGroupSubUnit, Lang::En) => "VAT group member",
        }
    }
}
