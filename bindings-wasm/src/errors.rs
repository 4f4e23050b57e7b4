//! Every error crossing into JS, in one place: a JS `Error` whose `name` and `code`
//! are the core's stable code, with the details as properties.
//!
//! | code | thrown by | properties |
//! |---|---|---|
//! | `catalog.*` (`catalog.parse` …) | `Catalog.builtin`, `Catalog.fromSources` | `file`, `line`, `column`, `id` … of the first problem; `errors`: every problem |
//! | `input.encoding` | CSV readers (a declared encoding the bytes do not fit) | `file`, `encoding`, `offset`, `line` |
//! | `input.missing_column` | CSV readers | `file`, `column`, `found` |
//! | `input.duplicate_column` | CSV readers (a documented column twice in the header) | `file`, `column`, `positions` |
//! | `input.bad_header` | CSV readers (an unreadable header line) | `file`, `line` |
//! | `data.*` (`data.out_of_range` …) | `build`, `Dataset.fromRecords`, `Dataset.fromCsv` without `allowRejected` | `file`, `line`, `column`, `value`, `reason` of the first rejection; `rejections`, `load` |
//! | `eval.unknown_region`, `eval.unknown_document`, `eval.unknown_target` | `evaluate` | `region`, `document` or `target` |
//! | `quantity.not_found`, `quantity.out_of_range`, `quantity.bad_figure` | `parseQuantities` (out of range only), `readFigure` | `text`, `reason` (bad figure) |
//! | `eval.ambiguous_region` | `evaluate` | `region`, `candidates` (every region the name could mean) |
//! | `region.unknown`, `region.ambiguous` | `resolveRegion` | `text`; `candidates` when ambiguous |
//! | `eval.as_of_out_of_range` | `evaluate` (an as-of date outside 1949–2100) | `asOf` |
//! | `eval.bad_option` | `evaluate` (thresholds out of order or not finite, a base year outside 1949–2100, `withinYears` 0 or over 150) | `option` (`thresholds`, `baseYear`), `reason` |
//! | `input.argument` | any function given an argument of the wrong type or shape, an object of the wrong class, or an object already freed or used up (`build()` twice) | `argument` |

use serde::de::DeserializeOwned;
use serde::Serialize;
use tsify::{Ts, Tsify};
use wasm_bindgen::{JsCast, JsValue};
use zhibiao::data::LoadReport;
use zhibiao::eval::EvalError;
use zhibiao::io::InputError;
use zhibiao::{CatalogError, CatalogErrors, QuantityError};
use zhibiao::regions::RegionError;

/// What every exported function returns; the error is a thrown JS `Error`.
pub type JsResult<T> = Result<T, JsValue>;

/// The code of an argument of the wrong type or shape.
pub const ARGUMENT: &str = "input.argument";

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Reflect.set fails only on frozen objects; a fresh Error is not one.
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), value);
}

/// A JS `Error` with `name` and `code` set to `code`, and the details as properties.
pub fn error(code: &str, message: &str, details: &[(&str, JsValue)]) -> JsValue {
    let e = js_sys::Error::new(message);
    e.set_name(code);
    let v: JsValue = e.into();
    set(&v, "code", &JsValue::from_str(code));
    for (k, d) in details {
        set(&v, k, d);
    }
    v
}

fn s(x: &str) -> JsValue {
    JsValue::from_str(x)
}

fn n(x: usize) -> JsValue {
    JsValue::from_f64(x as f64)
}

/// An argument of the wrong type or shape.
pub fn argument(what: &str, message: &str) -> JsValue {
    error(ARGUMENT, &format!("{what}: {message}"), &[("argument", s(what))])
}

/// What a JS value is, for messages: `number`, `object`, `null`, `array` …
fn js_type(v: &JsValue) -> String {
    if v.is_null() {
        "null".into()
    } else if js_sys::Array::is_array(v) {
        "an array".into()
    } else {
        v.js_typeof().as_string().unwrap_or_default()
    }
}

/// A string argument, or `input.argument` naming what was given instead.
pub fn string_arg(what: &str, v: &JsValue) -> JsResult<String> {
    v.as_string().ok_or_else(|| argument(what, &format!("expected a string, got {}", js_type(v))))
}

/// An optional string argument: absent, `undefined` and `null` are none.
pub fn optional_string_arg(what: &str, v: Option<JsValue>) -> JsResult<Option<String>> {
    match v {
        None => Ok(None),
        Some(v) if v.is_null() || v.is_undefined() => Ok(None),
        Some(v) => string_arg(what, &v).map(Some),
    }
}

/// Serializes a value for JS: plain objects for structs and maps, `null` for `None`.
pub fn to_js<T: Serialize + Tsify>(v: &T) -> JsResult<Ts<T>> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    v.serialize(&serializer)
        .map(Ts::new_unchecked)
        .map_err(|e| error("internal.serialize", &e.to_string(), &[]))
}

/// Serializes each item.
pub fn to_js_vec<T: Serialize + Tsify>(v: &[T]) -> JsResult<Vec<Ts<T>>> {
    v.iter().map(to_js).collect()
}

/// Reads an argument, throwing `input.argument` when it has the wrong shape.
pub fn from_js<T>(what: &str, v: &Ts<T>) -> JsResult<T>
where
    T: Tsify + DeserializeOwned,
    <T as Tsify>::JsType: Clone,
{
    v.to_rust().map_err(|e| argument(what, &e.to_string()))
}

/// Reads an optional options object (absent → defaults).
pub fn options<T>(what: &str, v: Option<&Ts<T>>) -> JsResult<T>
where
    T: Tsify + DeserializeOwned + Default,
    <T as Tsify>::JsType: Clone,
{
    match v {
        None => Ok(T::default()),
        Some(v) if v.js_value().is_undefined() || v.js_value().is_null() => Ok(T::default()),
        Some(v) => from_js(what, v),
    }
}

/// A whole input that cannot be read (as opposed to one record).
pub fn input_error(e: &InputError) -> JsValue {
    let details = match e {
        InputError::Io { file, .. } => vec![("file", s(file))],
        InputError::Encoding { file, encoding, offset, line } => {
            vec![("file", s(file)), ("encoding", s(encoding)), ("offset", n(*offset)), ("line", n(*line as usize))]
        }
        InputError::MissingColumn { file, column, found } => {
            vec![("file", s(file)), ("column", s(column)), ("found", s(found))]
        }
        InputError::DuplicateColumn { file, column, positions } => {
            let at = js_sys::Array::new();
            for p in positions {
                at.push(&n(*p));
            }
            vec![("file", s(file)), ("column", s(column)), ("positions", at.into())]
        }
        InputError::BadHeader { file, line, .. } => vec![("file", s(file)), ("line", n(*line as usize))],
        InputError::ColumnType { file, column, dtype, .. } => vec![("file", s(file)), ("column", s(column)), ("dtype", s(dtype))],
        InputError::Json { file, line, column, .. } => vec![("file", s(file)), ("line", n(*line)), ("column", n(*column))],
        InputError::AmbiguousColumn { file, column, headers, positions } => {
            let at = js_sys::Array::new();
            for p in positions {
                at.push(&n(*p));
            }
            let names = js_sys::Array::new();
            for h in headers {
                names.push(&s(h));
            }
            vec![("file", s(file)), ("column", s(column)), ("headers", names.into()), ("positions", at.into())]
        }
        InputError::Workbook { file, .. } => vec![("file", s(file))],
        InputError::NoSuchSheet { file, sheet, sheets } => {
            let names = js_sys::Array::new();
            for h in sheets {
                names.push(&s(h));
            }
            vec![("file", s(file)), ("sheet", s(sheet)), ("sheets", names.into())]
        }
        _ => vec![],
    };
    error(e.code(), &e.to_string(), &details)
}

/// A text that is not the quantity or figure asked for.
pub fn quantity_error(e: &QuantityError) -> JsValue {
    let details = match e {
        QuantityError::NotFound(text) | QuantityError::OutOfRange { text } => vec![("text", s(text))],
        QuantityError::Ambiguous { text, count } => vec![("text", s(text)), ("count", n(*count))],
        QuantityError::BadFigure { text, reason } => vec![("text", s(text)), ("reason", s(reason))],
        _ => vec![],
    };
    error(e.code(), &e.to_string(), &details)
}

/// A filter of `evaluate` that names nothing known.
pub fn eval_error(e: &EvalError) -> JsValue {
    let details = match e {
        EvalError::UnknownRegion(x) => vec![("region", s(x))],
        EvalError::AmbiguousRegion { region, candidates } => vec![("region", s(region)), ("candidates", json(candidates))],
        EvalError::UnknownDocument(x) => vec![("document", s(x))],
        EvalError::UnknownTarget(x) => vec![("target", s(x))],
        EvalError::AsOfOutOfRange(d) => vec![("asOf", s(&d.to_string()))],
        EvalError::BadOption { option, reason } => vec![("option", s(&camel(option))), ("reason", s(reason))],
        _ => vec![],
    };
    error(e.code(), &e.to_string(), &details)
}

/// A core option name as the JS options object spells it (`base_year` → `baseYear`).
fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in name.chars() {
        match (c, up) {
            ('_', _) => up = true,
            (c, true) => {
                out.extend(c.to_uppercase());
                up = false;
            }
            (c, false) => out.push(c),
        }
    }
    out
}

/// Plain JS data for an error's details (`null` if it cannot be serialized).
fn json<T: Serialize>(v: &T) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

/// A region that could not be read.
pub fn region_error(e: &RegionError) -> JsValue {
    let mut details = vec![("text", s(e.text()))];
    if let RegionError::Ambiguous { candidates, .. } = e {
        details.push(("candidates", json(candidates)));
    }
    error(e.code(), &e.to_string(), &details)
}

fn catalog_details(e: &CatalogError) -> Vec<(&'static str, JsValue)> {
    match e {
        CatalogError::Io { file, .. } => vec![("file", s(file))],
        CatalogError::Parse { file, line, column, .. } => vec![("file", s(file)), ("line", n(*line)), ("column", n(*column))],
        CatalogError::DuplicateId { file, id, first_file } => {
            vec![("file", s(file)), ("id", s(id)), ("firstFile", s(first_file))]
        }
        CatalogError::UnknownReference { file, id, field, reference } => {
            vec![("file", s(file)), ("id", s(id)), ("field", s(field)), ("reference", s(reference))]
        }
        CatalogError::UnknownIndicator { file, id, indicator } => {
            vec![("file", s(file)), ("id", s(id)), ("indicator", s(indicator))]
        }
        CatalogError::QuoteNotFound { file, id, source_file, quote } => {
            vec![("file", s(file)), ("id", s(id)), ("sourceFile", s(source_file)), ("quote", s(quote))]
        }
        CatalogError::ValueMismatch { file, id, what, stated, read, quote } => vec![
            ("file", s(file)),
            ("id", s(id)),
            ("what", s(what)),
            ("stated", s(stated)),
            ("read", s(read)),
            ("quote", s(quote)),
        ],
        CatalogError::Invalid { file, id, .. } => vec![("file", s(file)), ("id", s(id))],
        CatalogError::UnknownRegion { file, id, field, code } => {
            vec![("file", s(file)), ("id", s(id)), ("field", s(field)), ("region", s(code))]
        }
        CatalogError::UncoveredClause { file, document, line, clause, missing } => vec![
            ("file", s(file)),
            ("document", s(document)),
            ("line", n(*line)),
            ("clause", s(clause)),
            ("missing", s(missing)),
        ],
        CatalogError::StaleAllowance { file, document, line, clause } => {
            vec![("file", s(file)), ("document", s(document)), ("line", n(*line)), ("clause", s(clause))]
        }
        _ => vec![],
    }
}

/// Every problem of a catalog: the error is the first, `errors` lists them all.
pub fn catalog_errors(e: &CatalogErrors) -> JsValue {
    let all = js_sys::Array::new();
    for c in &e.0 {
        let mut d = catalog_details(c);
        d.push(("message", s(&c.to_string())));
        let item = js_sys::Object::new();
        set(&item, "code", &s(c.code()));
        for (k, v) in &d {
            set(&item, k, v);
        }
        all.push(&item);
    }
    let (code, mut details) = match e.0.first() {
        Some(first) => (first.code(), catalog_details(first)),
        None => ("catalog.invalid", vec![]),
    };
    details.push(("errors", all.into()));
    error(code, &e.to_string(), &details)
}

/// Records were rejected and the caller did not allow it: the error is the first
/// rejection, `rejections` lists them all and `load` is the whole report.
pub fn rejected(load: &LoadReport) -> JsValue {
    let all: Vec<_> = load.rejections().collect();
    let first = all.first();
    let code = first.map_or("data.bad_row", |r| r.code.as_str());
    let message = format!(
        "{} record(s) rejected; the first: {}. Fix them, or pass {{ allowRejected: true }} to load the rest (every rejection stays listed in `load`).",
        all.len(),
        first.map(|r| r.to_string()).unwrap_or_default()
    );
    let opt = |x: Option<&str>| x.map_or(JsValue::NULL, s);
    let mut details = match first {
        Some(r) => vec![
            ("file", opt(r.location.file.as_deref())),
            ("line", r.location.line.map_or(JsValue::NULL, |l| JsValue::from_f64(l as f64))),
            ("column", opt(r.column.as_deref())),
            ("value", opt(r.value.as_deref())),
            ("reason", s(&r.reason)),
        ],
        None => vec![],
    };
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    if let Ok(v) = all.serialize(&serializer) {
        details.push(("rejections", v));
    }
    if let Ok(v) = load.serialize(&serializer) {
        details.push(("load", v));
    }
    error(code, &message, &details)
}

/// True when `v` is a JS object that is not an array (what a record must be).
pub fn is_plain_object(v: &JsValue) -> bool {
    v.is_object() && !js_sys::Array::is_array(v) && v.dyn_ref::<js_sys::Function>().is_none()
}
