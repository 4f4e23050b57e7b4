//! JS inputs to the core's records: arrays of objects and CSV text or bytes.
//!
//! Objects are read as the core reads JSON records (`read_entities_json`): each
//! documented column by name (camelCase, or snake_case as in the CSV header), numbers
//! and booleans as their text, a missing or null field as empty; an item that is not
//! an object is a rejected row (`data.bad_row`), never a thrown error. Record numbers
//! start at 1 and no file is named, as with the core's `extend_entities`.

use crate::errors::{argument, is_plain_object, JsResult};
use wasm_bindgen::{JsCast, JsValue};
use zhibiao::data::{codes, EntityRecord, Location, ObservationRecord, Rejection};
use zhibiao::io::Encoding;
use zhibiao::DatasetBuilder;

/// The text of a field value.
fn text(v: &JsValue) -> String {
    if let Some(s) = v.as_string() {
        s
    } else if v.is_undefined() || v.is_null() {
        String::new()
    } else if let Some(b) = v.as_bool() {
        b.to_string()
    } else if let Some(x) = v.as_f64() {
        // Rust prints 2022.0 as "2022" and 97.3 as "97.3", as JS does.
        format!("{x}")
    } else {
        // An object or array: its JSON text, which the core then rejects as a bad value.
        js_sys::JSON::stringify(v).ok().and_then(|s| s.as_string()).unwrap_or_default()
    }
}

/// A field by its camelCase name, else its snake_case name.
fn field(obj: &JsValue, camel: &str, snake: &str) -> String {
    let get = |k: &str| js_sys::Reflect::get(obj, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
    let v = get(camel);
    if (v.is_undefined() || v.is_null()) && camel != snake {
        text(&get(snake))
    } else {
        text(&v)
    }
}

fn items(records: &JsValue, what: &str) -> JsResult<js_sys::Array> {
    if js_sys::Array::is_array(records) {
        Ok(records.clone().unchecked_into())
    } else {
        Err(argument(what, "expected an array of objects"))
    }
}

fn bad_row(line: u64, item: &JsValue) -> Rejection {
    Rejection {
        location: Location { file: None, line: Some(line) },
        column: None,
        value: None,
        code: codes::BAD_ROW.into(),
        reason: format!("expected an object, found {}", text(item)),
    }
}

/// Adds every item of an array of entity objects.
pub fn add_entities(b: &mut DatasetBuilder, records: &JsValue) -> JsResult<()> {
    for (i, item) in items(records, "entities")?.iter().enumerate() {
        let line = i as u64 + 1;
        if !is_plain_object(&item) {
            b.reject_entity_row(bad_row(line, &item));
            continue;
        }
        let rec = EntityRecord {
            entity_id: field(&item, "entityId", "entity_id"),
            kind: field(&item, "kind", "kind"),
            name: field(&item, "name", "name"),
            region_code: field(&item, "regionCode", "region_code"),
            parent_id: field(&item, "parentId", "parent_id"),
            stage: field(&item, "stage", "stage"),
            area_class: field(&item, "areaClass", "area_class"),
            role: field(&item, "role", "role"),
        };
        b.add_entity(rec, Location { file: None, line: Some(line) });
    }
    Ok(())
}

/// Adds every item of an array of observation objects.
pub fn add_observations(b: &mut DatasetBuilder, records: &JsValue) -> JsResult<()> {
    for (i, item) in items(records, "observations")?.iter().enumerate() {
        let line = i as u64 + 1;
        if !is_plain_object(&item) {
            b.reject_observation_row(bad_row(line, &item));
            continue;
        }
        let rec = ObservationRecord {
            entity_id: field(&item, "entityId", "entity_id"),
            indicator: field(&item, "indicator", "indicator"),
            period: field(&item, "period", "period"),
            value: field(&item, "value", "value"),
            source: field(&item, "source", "source"),
            numerator: field(&item, "numerator", "numerator"),
            denominator: field(&item, "denominator", "denominator"),
            count_basis: field(&item, "countBasis", "count_basis"),
        };
        b.add_observation(rec, Location { file: None, line: Some(line) });
    }
    Ok(())
}

/// The bytes of a CSV input and the encoding to read them with. A JS string is text
/// already (UTF-8 once encoded), so only bytes take the requested encoding.
pub fn csv_bytes(data: &JsValue, encoding: Encoding) -> JsResult<(Vec<u8>, Encoding)> {
    if let Some(s) = data.as_string() {
        Ok((s.into_bytes(), Encoding::Utf8))
    } else if let Some(a) = data.dyn_ref::<js_sys::Uint8Array>() {
        Ok((a.to_vec(), encoding))
    } else if let Some(b) = data.dyn_ref::<js_sys::ArrayBuffer>() {
        Ok((js_sys::Uint8Array::new(b).to_vec(), encoding))
    } else {
        Err(argument("csv", "expected a string, a Uint8Array or an ArrayBuffer"))
    }
}

/// The bytes of a spreadsheet given as a `Uint8Array` or an `ArrayBuffer`.
pub fn excel_bytes(data: &JsValue) -> JsResult<Vec<u8>> {
    if let Some(a) = data.dyn_ref::<js_sys::Uint8Array>() {
        Ok(a.to_vec())
    } else if let Some(b) = data.dyn_ref::<js_sys::ArrayBuffer>() {
        Ok(js_sys::Uint8Array::new(b).to_vec())
    } else {
        Err(argument("data", "expected the spreadsheet's bytes as a Uint8Array or an ArrayBuffer"))
    }
}
