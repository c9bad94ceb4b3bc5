import { AgencyKind } from '../org/agency.entity';
import { issuerAbbreviation, numberAndSymbol } from './document.service';
import { Secrecy } from './document.types';

describe('document symbols (Decree 30/2020)', () => {
  it('the issuer part is the configured abbreviation, else UBND for a people’s committee, else the short name’s capitals', () => {
    expect(issuerAbbreviation({ abbreviation: 'UBND', shortName: 'UBND P. Xuân Hương', kind: AgencyKind.COMMUNE_COMMITTEE })).toBe('UBND');
    expect(issuerAbbreviation({ abbreviation: null, shortName: 'UBND P. Xuân Hương', kind: AgencyKind.COMMUNE_COMMITTEE })).toBe('UBND');
    expect(issuerAbbreviation({ abbreviation: 'STNMT', shortName: 'Sở NN&MT', kind: AgencyKind.DEPARTMENT })).toBe('STNMT');
    expect(issuerAbbreviation({ shortName: 'Sở NN&MT', kind: AgencyKind.DEPARTMENT })).toBe('SNNMT');
    expect(issuerAbbreviation({ shortName: 'trung tâm', kind: AgencyKind.SERVICE_CENTER })).toBe('CQ');
  });

  it('a secret document’s number and symbol carries its secrecy mark; a regular one does not', () => {
    expect(numberAndSymbol(1, 'QĐ-UBND')).toBe('01/QĐ-UBND');
    expect(numberAndSymbol(1, 'QĐ-UBND', Secrecy.NONE)).toBe('01/QĐ-UBND');
    expect(numberAndSymbol(1, 'QĐ-UBND', Secrecy.MAT)).toBe('01/QĐ-UBND (MẬT)');
    expect(numberAndSymbol(12, 'UBND', Secrecy.TUYET_MAT)).toBe('12/UBND (TUYỆT MẬT)');
    expect(numberAndSymbol(null, 'QĐ-UBND')).toBe('QĐ-UBND');
  });
});
