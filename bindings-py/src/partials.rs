//! Partial results that merge (the core's `zhibiao::partial`): `partials` gives a
//! partition's partials as an Arrow table, `finalize` reads such tables back, merges them
//! and judges. Conversion only: what a partial holds and how partials merge is the core's.

use crate::arrow::{Table, TableBuilder};
use crate::data::Dataset;
use crate::errors;
use crate::eval::{date_arg, eval_options, Evaluation};
use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int32Type, Int64Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::DataType;
use chrono::NaiveDate;
use pyo3::prelude::*;
use zhibiao::partial::{PartialColumns, PartialRow, Partials};
use zhibiao::EvalOptions;

/// The columns of the table, in order, and their Arrow types (`s` text, `i` int32, `I`
/// int64, `d` date, `f` float64, `b` bool): Spark has no unsigned integers, so counts
/// are int64.
const COLUMNS: [(&str, char); 19] = [
    ("part", 's'),
    ("key", 's'),
    ("region", 's'),
    ("entity", 's'),
    ("year", 'i'),
    ("date", 'd'),
    ("value", 'f'),
    ("passing", 'I'),
    ("reporting", 'I'),
    ("yearly", 'I'),
    ("rows", 'I'),
    ("min_year", 'i'),
    ("max_year", 'i'),
    ("twice", 'b'),
    ("source", 's'),
    ("qualifier", 's'),
    ("fraction_numerator", 'f'),
    ("fraction_denominator", 'f'),
    ("basis", 's'),
];

fn to_batch(c: &PartialColumns) -> PyResult<RecordBatch> {
    let mut t = TableBuilder::new(&COLUMNS);
    for i in 0..c.len() {
        let r = c.row(i);
        t.row()
            .s(Some(&r.part))
            .s(Some(&r.key))
            .s(r.region.as_deref())
            .s(r.entity.as_deref())
            .i(r.year)
            .d(r.date)
            .f(r.value)
            .big(r.passing.map(i64::from))
            .big(r.reporting.map(i64::from))
            .big(r.yearly.map(i64::from))
            .big(r.rows.and_then(|n| i64::try_from(n).ok()))
            .i(r.min_year)
            .i(r.max_year)
            .b(r.twice)
            .s(r.source.as_deref())
            .s(r.qualifier.as_deref())
            .f(r.fraction_numerator)
            .f(r.fraction_denominator)
            .s(r.basis.as_deref());
    }
    t.finish()
}

/// A column of `batch` cast to `t`, or `None` when the batch has no such column.
fn column(batch: &RecordBatch, name: &str, t: &DataType) -> PyResult<Option<ArrayRef>> {
    let Some(a) = batch.column_by_name(name) else { return Ok(None) };
    let a = arrow_cast::cast(a, t).map_err(|e| errors::argument(format!("partials column {name}: {e}")))?;
    Ok(Some(a))
}

fn append(batch: &RecordBatch, out: &mut PartialColumns) -> PyResult<()> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let mut cols = Vec::new();
    for (name, kind) in COLUMNS {
        let t = match kind {
            'i' => DataType::Int32,
            'I' => DataType::Int64,
            'd' => DataType::Date32,
            'f' => DataType::Float64,
            'b' => DataType::Boolean,
            _ => DataType::Utf8,
        };
        cols.push(column(batch, name, &t)?);
    }
    let text = |c: &Option<ArrayRef>, i: usize| c.as_ref().filter(|a| !a.is_null(i)).map(|a| a.as_string::<i32>().value(i).to_string());
    let int = |c: &Option<ArrayRef>, i: usize| c.as_ref().filter(|a| !a.is_null(i)).map(|a| a.as_primitive::<Int32Type>().value(i));
    let big = |c: &Option<ArrayRef>, i: usize| c.as_ref().filter(|a| !a.is_null(i)).map(|a| a.as_primitive::<Int64Type>().value(i));
    let float = |c: &Option<ArrayRef>, i: usize| c.as_ref().filter(|a| !a.is_null(i)).map(|a| a.as_primitive::<Float64Type>().value(i));
    let count = |c: &Option<ArrayRef>, i: usize, name: &str| -> PyResult<Option<u32>> {
        big(c, i).map(|v| u32::try_from(v).map_err(|_| errors::argument(format!("partials column {name}, row {i}: {v} is not a count")))).transpose()
    };
    for i in 0..batch.num_rows() {
        out.push_row(PartialRow {
            part: text(&cols[0], i).unwrap_or_default(),
            key: text(&cols[1], i).unwrap_or_default(),
            region: text(&cols[2], i),
            entity: text(&cols[3], i),
            year: int(&cols[4], i),
            date: cols[5].as_ref().filter(|a| !a.is_null(i)).map(|a| epoch + chrono::Duration::days(a.as_primitive::<Date32Type>().value(i) as i64)),
            value: float(&cols[6], i),
            passing: count(&cols[7], i, "passing")?,
            reporting: count(&cols[8], i, "reporting")?,
            yearly: count(&cols[9], i, "yearly")?,
            rows: big(&cols[10], i).and_then(|n| u64::try_from(n).ok()),
            min_year: int(&cols[11], i),
            max_year: int(&cols[12], i),
            twice: cols[13].as_ref().filter(|a| !a.is_null(i)).map(|a| a.as_boolean().value(i)),
            source: text(&cols[14], i),
            qualifier: text(&cols[15], i),
            fraction_numerator: float(&cols[16], i),
            fraction_denominator: float(&cols[17], i),
            basis: text(&cols[18], i),
        });
    }
    Ok(())
}

/// The partials of a dataset, as an Arrow table: what the final step reads from its
/// observations (per unit-level target, region and year the units passing and
/// reporting; per indicator its rows' years; the region entities' own rows).
///
/// ``data`` holds **all** entities and a part of the observations, with every row of one
/// entity under one indicator in this part (partition by entity id). Partials of several
/// parts go to :func:`finalize` together. ``as_of``, ``document`` and ``targets`` must be
/// those :func:`finalize` is given. Runs without holding the GIL.
#[pyfunction]
#[pyo3(signature = (data, as_of, *, document=None, targets=None))]
pub fn partials(py: Python<'_>, data: &Bound<'_, Dataset>, as_of: &Bound<'_, PyAny>, document: Option<String>, targets: Option<&Bound<'_, PyAny>>) -> PyResult<Table> {
    let ds = data.get();
    let options = eval_options(as_of, None, document, targets, None, false, (None, None), (None, None), true)?;
    let (cat, d) = (ds.cat.clone(), ds.data.clone());
    let p = py.detach(move || zhibiao::partial::partial(&cat, &d, &options)).map_err(|e| errors::eval(py, &e))?;
    Ok(Table::new(to_batch(&p.to_columns())?))
}

/// Merges partials (tables from :func:`partials`, or any Arrow tables with their
/// columns) and judges them: the evaluation :func:`evaluate` gives on the whole data.
///
/// ``partials`` is one table or a list of them (each may hold several partials' rows
/// only if they were merged by zhibiao). ``entities`` is a dataset with all entities
/// (its observations are not read). The keyword arguments are :func:`evaluate`'s;
/// ``as_of``, ``document`` and ``targets`` must be those the partials were made with,
/// else :class:`EvaluationError` ``eval.bad_partials``.
#[pyfunction]
#[pyo3(signature = (partials, entities, as_of, *, region=None, document=None, targets=None, depth=None, include_empty=false, on_track=None, needs_acceleration=None, base_year=None, base_within_years=None, clamp_projection=true))]
#[allow(clippy::too_many_arguments)]
pub fn finalize(
    py: Python<'_>,
    partials: &Bound<'_, PyAny>,
    entities: &Bound<'_, Dataset>,
    as_of: &Bound<'_, PyAny>,
    region: Option<String>,
    document: Option<String>,
    targets: Option<&Bound<'_, PyAny>>,
    depth: Option<String>,
    include_empty: bool,
    on_track: Option<f64>,
    needs_acceleration: Option<f64>,
    base_year: Option<i32>,
    base_within_years: Option<u32>,
    clamp_projection: bool,
) -> PyResult<Evaluation> {
    let ds = entities.get();
    let _ = date_arg(as_of, "as_of")?;
    let options: EvalOptions = eval_options(as_of, region, document, targets, depth, include_empty, (on_track, needs_acceleration), (base_year, base_within_years), clamp_projection)?;
    let tables: Vec<Bound<'_, PyAny>> = if partials.hasattr("__arrow_c_stream__")? { vec![partials.clone()] } else { partials.try_iter()?.collect::<PyResult<_>>()? };
    let mut merged: Option<Partials> = None;
    for t in tables {
        let input: pyo3_arrow::input::AnyRecordBatch = t.extract()?;
        let mut cols = PartialColumns::default();
        for b in input.into_reader()? {
            append(&b.map_err(|e| errors::argument(e.to_string()))?, &mut cols)?;
        }
        let p = Partials::from_columns(&cols, &ds.data).map_err(|e| errors::eval(py, &e))?;
        match merged.as_mut() {
            None => merged = Some(p),
            Some(m) => m.merge(p).map_err(|e| errors::eval(py, &e))?,
        }
    }
    let merged = merged.ok_or_else(|| errors::argument("no partials given"))?;
    let (cat, d) = (ds.cat.clone(), ds.data.clone());
    let eval = py.detach(move || zhibiao::partial::finalize(&cat, &d, &merged, &options)).map_err(|e| errors::eval(py, &e))?;
    Ok(Evaluation::new(py, ds, eval))
}
