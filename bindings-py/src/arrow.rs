//! Tables leave Rust as Arrow: `Table` implements the Arrow PyCapsule interface
//! (`__arrow_c_stream__`), so `polars.DataFrame(t)`, `pyarrow.table(t)` and
//! `pandas.DataFrame.from_arrow(t)` take the buffers without copying them.

use crate::errors;
use arrow_array::builder::{BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, Int64Builder, ListBuilder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int32Type, Int64Type, UInt64Type};
use arrow_array::{Array, ArrayRef, RecordBatch, StructArray};
use arrow_schema::{DataType, Field, Schema};
use chrono::NaiveDate;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyDict, PyList};
use std::sync::Arc;

/// A column of a table under construction.
pub enum Col {
    Str(StringBuilder),
    F64(Float64Builder),
    I32(Int32Builder),
    I64(Int64Builder),
    Date(Date32Builder),
    Bool(BooleanBuilder),
    List(ListBuilder<StringBuilder>),
}

fn days(d: NaiveDate) -> i32 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    (d - epoch).num_days() as i32
}

/// Builds a record batch column by column, row by row.
pub struct TableBuilder {
    names: Vec<&'static str>,
    cols: Vec<Col>,
}

impl TableBuilder {
    /// Columns named and typed: `s` text, `f` float, `i` int32, `I` int64, `d` date, `b` bool, `l` list of text.
    pub fn new(spec: &[(&'static str, char)]) -> Self {
        let cols = spec
            .iter()
            .map(|(_, t)| match t {
                'f' => Col::F64(Float64Builder::new()),
                'i' => Col::I32(Int32Builder::new()),
                'I' => Col::I64(Int64Builder::new()),
                'd' => Col::Date(Date32Builder::new()),
                'b' => Col::Bool(BooleanBuilder::new()),
                'l' => Col::List(ListBuilder::new(StringBuilder::new())),
                _ => Col::Str(StringBuilder::new()),
            })
            .collect();
        TableBuilder { names: spec.iter().map(|(n, _)| *n).collect(), cols }
    }

    /// The builder of column `i` (columns are appended to in order, one value per row).
    pub fn col(&mut self, i: usize) -> Option<&mut Col> {
        self.cols.get_mut(i)
    }

    pub fn finish(self) -> PyResult<RecordBatch> {
        let mut fields = Vec::new();
        let mut arrays: Vec<ArrayRef> = Vec::new();
        for (name, col) in self.names.into_iter().zip(self.cols) {
            let a: ArrayRef = match col {
                Col::Str(mut b) => Arc::new(b.finish()),
                Col::F64(mut b) => Arc::new(b.finish()),
                Col::I32(mut b) => Arc::new(b.finish()),
                Col::I64(mut b) => Arc::new(b.finish()),
                Col::Date(mut b) => Arc::new(b.finish()),
                Col::Bool(mut b) => Arc::new(b.finish()),
                Col::List(mut b) => Arc::new(b.finish()),
            };
            fields.push(Field::new(name, a.data_type().clone(), true));
            arrays.push(a);
        }
        RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).map_err(|e| errors::internal(e.to_string()))
    }
}

/// The core's flat table ([`zhibiao::export::FlatTable`]) as a record batch
/// ([`zhibiao::columnar::flat_batch`]: Arrow types of the values, labels in the metadata).
pub fn batch_from_flat(t: &zhibiao::export::FlatTable) -> PyResult<RecordBatch> {
    zhibiao::columnar::flat_batch(t).map_err(|e| errors::internal(e.to_string()))
}

/// Appends one row: each call of `row.x(...)` fills the next column.
pub struct Row<'a> {
    t: &'a mut TableBuilder,
    i: usize,
}

impl TableBuilder {
    pub fn row(&mut self) -> Row<'_> {
        Row { t: self, i: 0 }
    }
}

impl Row<'_> {
    fn next(&mut self) -> Option<&mut Col> {
        self.i += 1;
        self.t.col(self.i - 1)
    }
    pub fn s(&mut self, v: Option<&str>) -> &mut Self {
        if let Some(Col::Str(b)) = self.next() {
            b.append_option(v);
        }
        self
    }
    pub fn f(&mut self, v: Option<f64>) -> &mut Self {
        if let Some(Col::F64(b)) = self.next() {
            b.append_option(v);
        }
        self
    }
    pub fn i(&mut self, v: Option<i32>) -> &mut Self {
        if let Some(Col::I32(b)) = self.next() {
            b.append_option(v);
        }
        self
    }
    pub fn big(&mut self, v: Option<i64>) -> &mut Self {
        if let Some(Col::I64(b)) = self.next() {
            b.append_option(v);
        }
        self
    }
    pub fn d(&mut self, v: Option<NaiveDate>) -> &mut Self {
        if let Some(Col::Date(b)) = self.next() {
            b.append_option(v.map(days));
        }
        self
    }
    pub fn b(&mut self, v: Option<bool>) -> &mut Self {
        if let Some(Col::Bool(b)) = self.next() {
            b.append_option(v);
        }
        self
    }
    pub fn l(&mut self, v: &[&str]) -> &mut Self {
        if let Some(Col::List(b)) = self.next() {
            for x in v {
                b.values().append_value(x);
            }
            b.append(true);
        }
        self
    }
}

/// An Arrow table (one record batch) produced by zhibiao.
///
/// Hand it to any Arrow-aware library without copying: ``polars.DataFrame(table)``,
/// ``pyarrow.table(table)``, ``pandas.DataFrame.from_arrow(table)``, or use
/// :meth:`to_pandas` / :meth:`to_polars`.
#[pyclass(frozen, module = "zhibiao")]
pub struct Table {
    pub batch: RecordBatch,
}

impl Table {
    pub fn new(batch: RecordBatch) -> Self {
        Table { batch }
    }
}

/// The Arrow C stream of one batch, cast to `requested_schema` when the consumer asks.
pub fn stream_capsule<'py>(
    py: Python<'py>,
    batch: &RecordBatch,
    requested_schema: Option<Bound<'py, PyCapsule>>,
) -> PyResult<Bound<'py, PyCapsule>> {
    let schema = batch.schema();
    let array: ArrayRef = Arc::new(StructArray::from(batch.clone()));
    let field = Arc::new(Field::new_struct("", schema.fields().clone(), false).with_metadata(schema.metadata().clone()));
    let reader = pyo3_arrow::ffi::ArrayIterator::new(std::iter::once(Ok(array)), field);
    Ok(pyo3_arrow::ffi::to_stream_pycapsule(py, Box::new(reader), requested_schema)?)
}

/// The schema as an Arrow C schema capsule.
pub fn schema_capsule<'py>(py: Python<'py>, batch: &RecordBatch) -> PyResult<Bound<'py, PyCapsule>> {
    Ok(pyo3_arrow::ffi::to_schema_pycapsule(py, batch.schema().as_ref())?)
}

/// One column as a Python list (the types zhibiao's tables use).
fn column_list<'py>(py: Python<'py>, a: &ArrayRef) -> PyResult<Bound<'py, PyList>> {
    let n = a.len();
    let list = PyList::empty(py);
    let none = || py.None().into_bound(py);
    for i in 0..n {
        let item: Bound<'py, PyAny> = if a.is_null(i) {
            none()
        } else {
            match a.data_type() {
                DataType::Utf8 => a.as_string::<i32>().value(i).into_pyobject(py)?.into_any(),
                DataType::Float64 => a.as_primitive::<Float64Type>().value(i).into_pyobject(py)?.into_any(),
                DataType::Int32 => a.as_primitive::<Int32Type>().value(i).into_pyobject(py)?.into_any(),
                DataType::UInt64 => a.as_primitive::<UInt64Type>().value(i).into_pyobject(py)?.into_any(),
                DataType::Int64 => a.as_primitive::<Int64Type>().value(i).into_pyobject(py)?.into_any(),
                DataType::Boolean => a.as_boolean().value(i).into_pyobject(py)?.to_owned().into_any(),
                DataType::Date32 => {
                    let d = a.as_primitive::<Date32Type>().value(i);
                    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
                    (epoch + chrono::Duration::days(d as i64)).into_pyobject(py)?.into_any()
                }
                DataType::List(_) => {
                    let inner = a.as_list::<i32>().value(i);
                    column_list(py, &inner)?.into_any()
                }
                other => return Err(errors::internal(format!("unexpected column type {other}"))),
            }
        };
        list.append(item)?;
    }
    Ok(list)
}

#[pymethods]
impl Table {
    /// Export as an Arrow C stream (the Arrow PyCapsule interface).
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(&self, py: Python<'py>, requested_schema: Option<Bound<'py, PyCapsule>>) -> PyResult<Bound<'py, PyCapsule>> {
        stream_capsule(py, &self.batch, requested_schema)
    }

    /// Export the schema as an Arrow C schema (the Arrow PyCapsule interface).
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        schema_capsule(py, &self.batch)
    }

    fn __len__(&self) -> usize {
        self.batch.num_rows()
    }

    /// Number of rows.
    #[getter]
    fn num_rows(&self) -> usize {
        self.batch.num_rows()
    }

    /// Column names, in order.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.batch.schema().fields().iter().map(|f| f.name().clone()).collect()
    }

    /// The first ``n`` rows, as a table sharing this one's memory.
    #[pyo3(signature = (n=5))]
    fn head(&self, n: usize) -> Table {
        Table::new(self.batch.slice(0, n.min(self.batch.num_rows())))
    }

    /// The columns as a dict of lists (copies; for small tables and for use without pandas).
    fn to_pydict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (f, a) in self.batch.schema().fields().iter().zip(self.batch.columns()) {
            d.set_item(f.name(), column_list(py, a)?)?;
        }
        Ok(d)
    }

    /// The rows as a list of dicts (copies).
    fn to_pylist<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let schema = self.batch.schema();
        let cols: Vec<Bound<'py, PyList>> = self.batch.columns().iter().map(|a| column_list(py, a)).collect::<PyResult<_>>()?;
        let out = PyList::empty(py);
        for i in 0..self.batch.num_rows() {
            let d = PyDict::new(py);
            for (f, c) in schema.fields().iter().zip(&cols) {
                d.set_item(f.name(), c.get_item(i)?)?;
            }
            out.append(d)?;
        }
        Ok(out)
    }

    /// A pandas DataFrame. With ``dtype_backend="pyarrow"`` (the default) the columns are
    /// Arrow-backed and share this table's memory; ``"numpy_nullable"`` or ``None`` convert
    /// to NumPy-backed columns. Needs pandas (and pyarrow for the zero-copy path).
    #[pyo3(signature = (dtype_backend="pyarrow"))]
    fn to_pandas<'py>(slf: &Bound<'py, Self>, dtype_backend: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("zhibiao._frames")?.call_method1("to_pandas", (slf, dtype_backend))
    }

    /// A polars DataFrame, sharing this table's memory. Needs polars.
    fn to_polars<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("zhibiao._frames")?.call_method1("to_polars", (slf,))
    }

    fn __repr__(&self) -> String {
        let n = self.batch.num_rows();
        let shown = self.batch.slice(0, n.min(10));
        let text = arrow_cast::pretty::pretty_format_batches(&[shown]).map(|t| t.to_string()).unwrap_or_default();
        let more = if n > 10 { format!("\n… {} more rows", n - 10) } else { String::new() };
        format!("zhibiao.Table: {} rows × {} columns\n{text}{more}", n, self.batch.num_columns())
    }

    fn _repr_html_<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("zhibiao._display")?.call_method1("table_html", (slf,))
    }
}
