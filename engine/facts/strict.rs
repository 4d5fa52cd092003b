//! Parses fact files into JSON values strictly: duplicate keys, non-string keys and NaN or
//! infinite numbers are errors, never silently merged or dropped.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// A JSON value whose mappings had no duplicate keys.
pub struct Strict(pub Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a fact value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(v.into())
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<Value, E> {
        Err(E::custom("the number is out of range; integers go from -9223372036854775808 to 9223372036854775807"))
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<Value, E> {
        Err(E::custom("the number is out of range; integers go from -9223372036854775808 to 9223372036854775807"))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Number::from_f64(v).map(Value::Number).ok_or_else(|| {
            E::custom(
                "NaN and infinite numbers are not fact values; write a number, or leave the fact out if it is unknown",
            )
        })
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        short(v)?;
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        short(&v)?;
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Strict::deserialize(d).map(|s| s.0)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(Strict(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<Key>()? {
            let Strict(v) = map.next_value()?;
            if out.contains_key(&key.0) {
                let shown: String = crate::text::sanitize_terminal(&key.0).chars().take(80).collect();
                return Err(de::Error::custom(format!("the key `{shown}` appears twice; keep one")));
            }
            out.insert(key.0, v);
        }
        Ok(Value::Object(out))
    }
}

/// A mapping key: fact ids are strings (a number written as a key is taken as its text).
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = String;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a fact id")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
                short(v)?;
                Ok(v.to_string())
            }
            fn visit_i64<E>(self, v: i64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_u64<E>(self, v: u64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_bool<E>(self, v: bool) -> Result<String, E> {
                Ok(v.to_string())
            }
        }
        d.deserialize_any(KeyVisitor).map(Key)
    }
}

/// A key or string value longer than `MAX_STRING_BYTES` is an error, not a fact.
fn short<E: de::Error>(v: &str) -> Result<(), E> {
    use super::MAX_STRING_BYTES;
    match v.len() > MAX_STRING_BYTES {
        true => Err(E::custom(format!(
            "a string of {} bytes; the limit for a key or a value is {MAX_STRING_BYTES} bytes (64 KiB)",
            v.len()
        ))),
        false => Ok(()),
    }
}
