import { AgencyKind } from '../org/agency.entity';
import { defineModule, OneDoorModule, StatisticDeclaration } from './module-contract';

/** A minimal valid module (the kernel's tests know no real one), varied one measure at a time. */
const withMeasures = (statistics: StatisticDeclaration[]): OneDoorModule => ({
  name: 'land',
  agencies: [{ code: '000.00.99.H37', name: 'Sở Mẫu', shortName: 'Sở Mẫu', kind: AgencyKind.DEPARTMENT, unitCode: '68' }],
  procedures: [],
  statistics,
});
const measure = (over: Partial<StatisticDeclaration>): StatisticDeclaration => ({ key: 'land.parcels', label: 'Số thửa', description: 'Parcels.', sql: 'select 1', ...over });

describe('defineModule: statistics measures', () => {
  it('accepts measures named after the module with plain dimension columns', () => {
    expect(() => defineModule(withMeasures([measure({ dimensions: [{ key: 'land_use', label: 'Mục đích sử dụng' }], combine: 'RATIO' })]))).not.toThrow();
  });

  it("refuses a measure under another module's name", () => {
    expect(() => defineModule(withMeasures([measure({ key: 'tax.parcels' })]))).toThrow(/must start with "land\."/);
  });

  it('refuses dimension keys that are not plain columns or that the kernel reads itself', () => {
    for (const key of ['Land use', 'x; drop table dossier', 'value', 'agency_code', 'period', 'numerator']) {
      expect(() => defineModule(withMeasures([measure({ dimensions: [{ key, label: 'x' }] })]))).toThrow(/invalid dimension key/);
    }
  });
});
