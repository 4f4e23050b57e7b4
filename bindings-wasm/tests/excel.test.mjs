// Spreadsheets as a browser user uploads them: the bytes of the fixtures of
// tests/fixtures/excel/ (made by make.py there) load what the equivalent CSV files load,
// bad cells are rejected with their place, and unreadable input throws coded Errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Catalog, Dataset, DatasetBuilder, evaluate, excelSheets } from 'zhibiao';

const fixture = (name) => new Uint8Array(readFileSync(new URL(`../../tests/fixtures/excel/${name}`, import.meta.url)));
const catalog = Catalog.builtin();
const results = (d) => JSON.stringify(evaluate(catalog, d, { asOf: '2024-12-31' }).results);

function throwsNamed(f, name) {
  let error;
  try {
    f();
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof Error, `expected an Error named ${name}, got ${error}`);
  assert.equal(error.name, name, error.message);
  return error;
}

test('a workbook as Uint8Array or ArrayBuffer loads what the CSV files load', () => {
  const csv = Dataset.fromCsv(catalog, fixture('entities.csv'), fixture('observations.csv'));
  const expected = results(csv);
  for (const name of ['office.xlsx', 'gbk.xls', 'office.ods']) {
    const bytes = fixture(name);
    assert.deepEqual(excelSheets(bytes, name), ['学校', '填报数据']);
    for (const data of [bytes, bytes.slice().buffer]) {
      const b = new DatasetBuilder(catalog);
      b.readEntitiesExcel(data, { file: name });
      b.readObservationsExcel(data, { file: name, sheet: '填报数据' });
      const d = b.build();
      assert.equal(d.load.observations.read, 9, name);
      assert.equal(d.load.observations.accepted, 9, name);
      assert.equal(d.load.entities.encodings[0].file, `${name}[学校]`);
      assert.equal(results(d), expected, name);
    }
  }
});

test('bad cells are rejected with sheet, row and cell', () => {
  const b = new DatasetBuilder(catalog);
  b.readEntitiesExcel(fixture('office.xlsx'));
  b.readObservationsExcel(fixture('bad.xlsx'), { file: '填报.xlsx' });
  const e = throwsNamed(() => b.build(), 'data.bad_cell');
  assert.equal(e.file, '填报.xlsx[填报数据]');
  assert.equal(e.line, 2);
  assert.equal(e.value, '#DIV/0!');
  assert.match(e.reason, /\(cell D2, 数值\)$/);
  assert.deepEqual(
    e.rejections.map((r) => [r.line, r.code]),
    [[2, 'data.bad_cell'], [3, 'data.ambiguous_percent'], [4, 'data.bad_period'], [5, 'data.bad_value'], [6, 'data.bad_cell']],
  );
});

test('a missing sheet, a corrupt file and a string throw coded Errors', () => {
  const b = new DatasetBuilder(catalog);
  const e = throwsNamed(() => b.readObservationsExcel(fixture('office.xlsx'), { sheet: '观测' }), 'input.no_such_sheet');
  assert.deepEqual(e.sheets, ['学校', '填报数据']);
  throwsNamed(() => b.readObservationsExcel(fixture('office.xlsx').slice(0, 3000)), 'input.workbook');
  throwsNamed(() => b.readObservationsExcel(new TextEncoder().encode('entity_id,indicator\n')), 'input.workbook');
  throwsNamed(() => b.readObservationsExcel('a,b'), 'input.argument');
});
