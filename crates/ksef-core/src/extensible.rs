//! Enums KSeF may extend at any release (CIRFMF/ksef-api#866): an answer keeps a value Klucznik
//! does not know as its raw name, so one new permission cannot break a whole list.
//!
//! Requests use the closed enums; answers use [`Extensible`] over them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A closed enum with KSeF's wire names.
pub trait KnownName: Sized + Copy + 'static {
    /// Every value Klucznik knows, in display order.
    const ALL: &'static [Self];
    /// The API name.
    fn as_str(self) -> &'static str;
    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.as_str() == name)
    }
}

/// A value KSeF sent: one we know, or a newer one kept as KSeF named it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Extensible<T> {
    Known(T),
    Unknown(String),
}

impl<T: KnownName> Extensible<T> {
    pub fn from_name(name: &str) -> Self {
        T::from_name(name).map_or_else(|| Extensible::Unknown(name.to_string()), Extensible::Known)
    }

    /// The value, when Klucznik knows it.
    pub fn known(&self) -> Option<T> {
        match self {
            Extensible::Known(v) => Some(*v),
            Extensible::Unknown(_) => None,
        }
    }

    /// The API name, known or not.
    pub fn name(&self) -> &str {
        match self {
            Extensible::Known(v) => v.as_str(),
            Extensible::Unknown(raw) => raw,
        }
    }

    pub fn is(&self, value: T) -> bool
    where
        T: PartialEq,
    {
        self.known() == Some(value)
    }
}

impl<T> From<T> for Extensible<T> {
    fn from(v: T) -> Self {
        Extensible::Known(v)
    }
}

// serde's `#[serde(other)]` keeps no payload, and the raw name is what the user must see.
impl<T: KnownName> Serialize for Extensible<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de, T: KnownName> Deserialize<'de> for Extensible<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Ok(Extensible::from_name(&name))
    }
}

/// Declares a closed KSeF enum: variants named as the API names them, `ALL` in display order,
/// `as_str`/`from_name`, strict serde (for requests) and [`KnownName`].
#[macro_export]
macro_rules! ksef_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => stringify!($variant)),+ }
            }

            pub fn from_name(name: &str) -> Option<$name> {
                <$name as $crate::extensible::KnownName>::from_name(name)
            }
        }

        impl $crate::extensible::KnownName for $name {
            const ALL: &'static [$name] = $name::ALL;
            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    ksef_enum! {
        pub enum Colour { Red, Green }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn unknown_names_are_kept_and_written_back() {
        let v: Vec<Extensible<Colour>> = serde_json::from_str(r#"["Red","Ultraviolet"]"#).unwrap();
        assert_eq!(v[0], Extensible::Known(Colour::Red));
        assert_eq!(v[1], Extensible::Unknown("Ultraviolet".into()));
        assert_eq!(v[1].name(), "Ultraviolet");
        assert_eq!(v[1].known(), None);
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"["Red","Ultraviolet"]"#
        );
        // The closed enum stays strict for what we send.
        assert!(serde_json::from_str::<Colour>(r#""Ultraviolet""#).is_err());
        assert_eq!(Colour::from_name("Green"), Some(Colour::Green));
    }
}
