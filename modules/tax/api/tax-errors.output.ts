import { Field, ID, ObjectType } from 'type-graphql';
import { ErrorResult } from '../../../src/kernel';

@ObjectType({ implements: ErrorResult, description: 'The land office has not sent the cadastral data sheet the assessment is based on.' })
export class CadastralDataMissing extends ErrorResult {
  @Field(() => ID)
  dossierId!: string;

  static of(dossierId: string): CadastralDataMissing {
    return Object.assign(new CadastralDataMissing(), {
      code: 'CADASTRAL_DATA_MISSING',
      message: 'Chưa nhận được thông tin địa chính từ cơ quan đất đai / The cadastral data sheet from the land office has not arrived',
      dossierId,
    });
  }
}

@ObjectType({ implements: ErrorResult, description: 'The provincial land price table has no price for a parcel’s commune and land-use purpose on the assessment date.' })
export class LandPriceNotFound extends ErrorResult {
  @Field()
  communeCode!: string;

  @Field()
  purposeCode!: string;

  @Field({ description: 'YYYY-MM-DD' })
  date!: string;

  static of(communeCode: string, purposeCode: string, date: string): LandPriceNotFound {
    return Object.assign(new LandPriceNotFound(), {
      code: 'LAND_PRICE_NOT_FOUND',
      message: `Bảng giá đất chưa có giá cho xã ${communeCode}, loại đất ${purposeCode} tại ngày ${date} / No land price for commune ${communeCode}, purpose ${purposeCode} on ${date}`,
      communeCode,
      purposeCode,
      date,
    });
  }
}

@ObjectType({ implements: ErrorResult, description: 'A notice was already issued on the dossier: its obligations can no longer be reassessed.' })
export class TaxNoticeAlreadyIssued extends ErrorResult {
  @Field()
  noticeNumber!: string;

  static of(noticeNumber: string): TaxNoticeAlreadyIssued {
    return Object.assign(new TaxNoticeAlreadyIssued(), {
      code: 'TAX_NOTICE_ALREADY_ISSUED',
      message: `Đã ban hành thông báo nộp thuế số ${noticeNumber} / Notice ${noticeNumber} was already issued on this dossier`,
      noticeNumber,
    });
  }
}

@ObjectType({ implements: ErrorResult, description: 'Nothing assessed and not yet notified on the dossier.' })
export class NoAssessedObligations extends ErrorResult {
  static of(): NoAssessedObligations {
    return Object.assign(new NoAssessedObligations(), {
      code: 'NO_ASSESSED_OBLIGATIONS',
      message: 'Chưa xác định nghĩa vụ tài chính cần thông báo / No assessed obligation waits for a notice',
    });
  }
}

@ObjectType({ implements: ErrorResult })
export class TaxpayerNotFound extends ErrorResult {
  @Field()
  taxCode!: string;

  static of(taxCode: string): TaxpayerNotFound {
    return Object.assign(new TaxpayerNotFound(), {
      code: 'TAXPAYER_NOT_FOUND',
      message: `Không tìm thấy người nộp thuế / No taxpayer with tax code ${taxCode}`,
      taxCode,
    });
  }
}

@ObjectType({ implements: ErrorResult })
export class TaxDeclarationNotFound extends ErrorResult {
  @Field(() => ID)
  declarationId!: string;

  static of(declarationId: string): TaxDeclarationNotFound {
    return Object.assign(new TaxDeclarationNotFound(), {
      code: 'TAX_DECLARATION_NOT_FOUND',
      message: `Không tìm thấy tờ khai / No declaration ${declarationId} that you may see`,
      declarationId,
    });
  }
}
