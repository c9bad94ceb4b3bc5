/**
 * The cadastral data sheet (phiếu chuyển thông tin địa chính để xác định nghĩa vụ tài chính) that
 * the land registration office attaches to a land-transfer dossier when it hands the dossier to
 * the tax authority: a `DossierRecord` of kind {@link CADASTRAL_DATA_KIND}.
 *
 * **This is a published contract.** Other modules (tax) read it without importing the land
 * module (ARCHITECTURE rule 1) and keep their own copy of this type, so a change here is a
 * breaking change for them: add optional fields only, never rename, retype or remove one.
 * Version 1, written since the land module's first release.
 */
export const CADASTRAL_DATA_KIND = 'land.cadastral-data';

/** A party as the land office identified it from the certificate and the notarised contract. */
interface CadastralParty {
  kind: 'PERSON' | 'ORGANIZATION';
  name: string;
  /** 12-digit citizen identity number (also the personal tax code since 1 July 2025) or a 10/13-digit tax code. */
  idNumber: string;
}

interface CadastralParcel {
  /** GSO code of the commune, e.g. `24781`. */
  communeCode: string;
  communeName: string;
  /** Tờ bản đồ số. */
  mapSheet: number;
  /** Thửa đất số. */
  parcelNumber: number;
  /** Area in m², one decimal. */
  areaM2: number;
  /** Land-use purpose code (ONT, ODT, CLN …). */
  purposeCode: string;
  /** `LONG_TERM` (sử dụng lâu dài) or the last day of the term, `YYYY-MM-DD`. */
  useTerm: string;
  address: string;
}

/**
 * Kinship between transferor and transferees; transfers between these relatives are exempt from
 * personal income tax (Law on Personal Income Tax 04/2007/QH12 art. 4(1), as amended).
 */
export type TransferRelationship = 'NONE' | 'SPOUSES' | 'PARENT_CHILD' | 'GRANDPARENT_GRANDCHILD' | 'SIBLINGS';

/**
 * What kind of transfer of the right (Land Law 2024 art. 27): a sale (chuyển nhượng), a gift
 * (tặng cho) or an inheritance (thừa kế); personal income tax differs between them.
 */
export type TransferKind = 'TRANSFER' | 'GIFT' | 'INHERITANCE';

export interface CadastralData {
  /** The certificate being transferred (số phát hành), e.g. `DE 000123`. */
  certificateSerial: string;
  parcels: CadastralParcel[];
  transferors: CadastralParty[];
  transferees: (CadastralParty & { address: string | null })[];
  /** The price (or, for a gift or inheritance, the value) declared in the contract, whole VND. */
  declaredPriceVnd: number;
  relationship: TransferRelationship;
  /** Always written by land; a reader should take an absent value as `TRANSFER`. */
  transferKind: TransferKind;
}
