//! Reads one fact set of a JSON Lines file (`{"id": 7, "facts": {"f3": 12, ...}}`) straight
//! into a scorer's buffers: names looked up as they are read, no map built, no key copied.

use super::index::Scratch;
use crate::kb::Fact;
use crate::value::{FactType, Value};
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use std::collections::HashMap;
use std::fmt;

/// The facts of one set go into `scratch`; the set's id is returned as written.
pub(super) fn read(
    text: &str,
    names: &HashMap<&str, usize>,
    facts: &[Fact],
    scratch: &mut Scratch,
) -> Result<String, String> {
    let mut de = serde_json::Deserializer::from_str(text);
    let id = LineSeed { names, facts, scratch }.deserialize(&mut de).map_err(|e| format!("not a fact set: {e}"))?;
    de.end().map_err(|e| format!("not a fact set: {e}"))?;
    Ok(id)
}

struct LineSeed<'a, 'n> {
    names: &'a HashMap<&'n str, usize>,
    facts: &'a [Fact],
    scratch: &'a mut Scratch,
}

impl<'de> DeserializeSeed<'de> for LineSeed<'_, '_> {
    type Value = String;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for LineSeed<'_, '_> {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object with `id` and `facts`")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
        let mut id = None;
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Id => {
                    id = Some(match map.next_value::<serde_json::Value>()? {
                        serde_json::Value::String(s) => crate::text::sanitize_terminal(&s),
                        other => other.to_string(),
                    })
                }
                Key::Facts => {
                    map.next_value_seed(FactsSeed { names: self.names, facts: self.facts, scratch: self.scratch })?
                }
                Key::Other => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        id.ok_or_else(|| de::Error::missing_field("id"))
    }
}

/// A key of the line's object.
enum Key {
    Id,
    Facts,
    Other,
}

impl<'de> de::Deserialize<'de> for Key {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(match v {
                    "id" => Key::Id,
                    "facts" => Key::Facts,
                    _ => Key::Other,
                })
            }
        }
        d.deserialize_str(V)
    }
}

struct FactsSeed<'a, 'n> {
    names: &'a HashMap<&'n str, usize>,
    facts: &'a [Fact],
    scratch: &'a mut Scratch,
}

impl<'de> DeserializeSeed<'de> for FactsSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FactsSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of fact names and values")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(name) = map.next_key_seed(NameSeed(self.names))? {
            let fact = name.map_err(|n| de::Error::custom(format!("unknown fact `{n}`")))?;
            let value = map.next_value_seed(ValueSeed(&self.facts[fact].ty))?;
            self.scratch.set(fact, value);
        }
        Ok(())
    }
}

/// A fact name resolved to its index as it is read (`Err` keeps an unknown name for the error).
struct NameSeed<'a, 'n>(&'a HashMap<&'n str, usize>);

impl<'de> DeserializeSeed<'de> for NameSeed<'_, '_> {
    type Value = Result<usize, String>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for NameSeed<'_, '_> {
    type Value = Result<usize, String>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a fact name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.get(v).copied().ok_or_else(|| crate::text::sanitize_terminal(v)))
    }
}

/// A value checked against its fact's type.
struct ValueSeed<'a>(&'a FactType);

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl Visitor<'_> for ValueSeed<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}", self.0.expected())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        match self.0 {
            FactType::Bool => Ok(Value::Bool(v)),
            _ => Err(de::Error::invalid_type(de::Unexpected::Bool(v), &self)),
        }
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        match self.0 {
            FactType::Int => Ok(Value::Int(v)),
            FactType::Float => Ok(Value::Float(v as f64)),
            _ => Err(de::Error::invalid_type(de::Unexpected::Signed(v), &self)),
        }
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        match (self.0, i64::try_from(v)) {
            (FactType::Int, Ok(i)) => Ok(Value::Int(i)),
            (FactType::Float, _) => Ok(Value::Float(v as f64)),
            _ => Err(de::Error::invalid_type(de::Unexpected::Unsigned(v), &self)),
        }
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        match self.0 {
            FactType::Float => Ok(Value::Float(v)),
            _ => Err(de::Error::invalid_type(de::Unexpected::Float(v), &self)),
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        match self.0 {
            FactType::Str => Ok(Value::Str(v.to_string())),
            FactType::Enum(values) if values.iter().any(|x| x == v) => Ok(Value::Str(v.to_string())),
            _ => Err(de::Error::invalid_type(de::Unexpected::Str(v), &self)),
        }
    }
}
