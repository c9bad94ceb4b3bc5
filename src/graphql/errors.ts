import { Field, ID, InterfaceType, Int, ObjectType } from 'type-graphql';

/**
 * The common interface of expected failures (ARCHITECTURE rule 6). Mutations return unions
 * of a success type and error types implementing it; clients switch on `__typename`.
 */
@InterfaceType({ description: 'An expected failure of a mutation or lookup, returned as data.' })
export abstract class ErrorResult {
  @Field({ description: 'Stable machine-readable code, e.g. VERSION_CONFLICT.' })
  code!: string;

  @Field({ description: 'Human-readable explanation (Vietnamese first, English after).' })
  message!: string;
}

@ObjectType()
export class FieldError {
  @Field({ description: 'Path of the offending input field, e.g. `applicant.idNumber`.' })
  field!: string;

  @Field()
  message!: string;
}

@ObjectType({ implements: ErrorResult })
export class ValidationFailed extends ErrorResult {
  @Field(() => [FieldError])
  fieldErrors!: FieldError[];

  static of(fieldErrors: FieldError[]): ValidationFailed {
    return Object.assign(new ValidationFailed(), {
      code: 'VALIDATION_FAILED',
      message: `Dữ liệu không hợp lệ / Invalid input: ${fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
      fieldErrors,
    });
  }
}

@ObjectType({ implements: ErrorResult })
export class DossierNotFound extends ErrorResult {
  @Field(() => String)
  dossierId!: string;

  static of(dossierId: string): DossierNotFound {
    return Object.assign(new DossierNotFound(), {
      code: 'DOSSIER_NOT_FOUND',
      message: `Không tìm thấy hồ sơ / Dossier not found: ${dossierId}`,
      dossierId,
    });
  }
}

@ObjectType({ implements: ErrorResult })
export class ProcedureNotFound extends ErrorResult {
  @Field(() => String)
  procedureCode!: string;

  static of(procedureCode: string): ProcedureNotFound {
    return Object.assign(new ProcedureNotFound(), {
      code: 'PROCEDURE_NOT_FOUND',
      message: `Không tìm thấy thủ tục / Procedure not found: ${procedureCode}`,
      procedureCode,
    });
  }
}

@ObjectType({ implements: ErrorResult })
export class AgencyNotFound extends ErrorResult {
  @Field(() => String)
  agencyCode!: string;

  static of(agencyCode: string): AgencyNotFound {
    return Object.assign(new AgencyNotFound(), {
      code: 'AGENCY_NOT_FOUND',
      message: `Không tìm thấy cơ quan / Agency not found: ${agencyCode}`,
      agencyCode,
    });
  }
}

@ObjectType({ implements: ErrorResult })
export class TransitionNotAllowed extends ErrorResult {
  @Field()
  action!: string;

  @Field()
  currentState!: string;

  @Field(() => [String], { description: 'Actions the caller may perform in the current state.' })
  availableActions!: string[];

  static of(action: string, currentState: string, availableActions: string[], reason?: string): TransitionNotAllowed {
    return Object.assign(new TransitionNotAllowed(), {
      code: 'TRANSITION_NOT_ALLOWED',
      message: `Không thể thực hiện "${action}" ở trạng thái ${currentState} / Action not allowed${reason ? `: ${reason}` : ''}`,
      action,
      currentState,
      availableActions,
    });
  }
}

@ObjectType({ implements: ErrorResult })
export class VersionConflict extends ErrorResult {
  @Field(() => Int)
  expectedVersion!: number;

  @Field(() => Int)
  actualVersion!: number;

  static of(expectedVersion: number, actualVersion: number, what: { vi: string; en: string } = { vi: 'Hồ sơ', en: 'dossier' }): VersionConflict {
    return Object.assign(new VersionConflict(), {
      code: 'VERSION_CONFLICT',
      message: `${what.vi} đã được người khác cập nhật (phiên bản ${actualVersion}, bạn thấy ${expectedVersion}) / The ${what.en} changed since you read it`,
      expectedVersion,
      actualVersion,
    });
  }
}

@ObjectType({ implements: ErrorResult })
export class NotAuthorized extends ErrorResult {
  static of(what: string): NotAuthorized {
    return Object.assign(new NotAuthorized(), {
      code: 'NOT_AUTHORIZED',
      message: `Bạn không có quyền thực hiện thao tác này / Not authorized: ${what}`,
    });
  }
}

@ObjectType({ implements: ErrorResult })
export class InvalidCredentials extends ErrorResult {
  static of(): InvalidCredentials {
    return Object.assign(new InvalidCredentials(), {
      code: 'INVALID_CREDENTIALS',
      message: 'Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản tạm khóa do đăng nhập sai nhiều lần / Invalid username or password, or the account is locked for a while after repeated failures',
    });
  }
}

@ObjectType({ implements: ErrorResult })
export class AlreadyExists extends ErrorResult {
  @Field(() => ID)
  existingId!: string;

  static of(what: string, existingId: string): AlreadyExists {
    return Object.assign(new AlreadyExists(), {
      code: 'ALREADY_EXISTS',
      message: `Đã tồn tại / Already exists: ${what}`,
      existingId,
    });
  }
}

@ObjectType({ implements: ErrorResult })
export class NotificationNotFound extends ErrorResult {
  static of(id: string): NotificationNotFound {
    return Object.assign(new NotificationNotFound(), { code: 'NOTIFICATION_NOT_FOUND', message: `Không tìm thấy thông báo / No notification ${id} that you may see` });
  }
}

@ObjectType({ implements: ErrorResult })
export class NotResendable extends ErrorResult {
  @Field()
  status!: string;

  static of(status: string): NotResendable {
    return Object.assign(new NotResendable(), {
      code: 'NOT_RESENDABLE',
      message: `Chỉ gửi lại được thông báo lỗi / Only FAILED or DEAD notifications can be resent; this one is ${status}`,
      status,
    });
  }
}

@ObjectType({ implements: ErrorResult })
export class DocumentNotFound extends ErrorResult {
  @Field(() => ID)
  documentId!: string;

  static of(documentId: string): DocumentNotFound {
    return Object.assign(new DocumentNotFound(), { code: 'DOCUMENT_NOT_FOUND', message: `Không tìm thấy văn bản / No document ${documentId} that you may see`, documentId });
  }
}

@ObjectType({ implements: ErrorResult })
export class NotARecipient extends ErrorResult {
  static of(): NotARecipient {
    return Object.assign(new NotARecipient(), { code: 'NOT_A_RECIPIENT', message: 'Đơn vị của bạn không phải nơi nhận văn bản này / None of your units is a recipient of this document' });
  }
}

@ObjectType({ implements: ErrorResult })
export class DuplicateDocumentNumber extends ErrorResult {
  @Field()
  numberAndSymbol!: string;

  static of(numberAndSymbol: string, year: number): DuplicateDocumentNumber {
    return Object.assign(new DuplicateDocumentNumber(), {
      code: 'DUPLICATE_DOCUMENT_NUMBER',
      message: `Số và ký hiệu đã tồn tại trong năm ${year} / ${numberAndSymbol} already exists in ${year}`,
      numberAndSymbol,
    });
  }
}

@ObjectType({ implements: ErrorResult })
export class MalformedPackage extends ErrorResult {
  @Field(() => [FieldError])
  problems!: FieldError[];

  static of(problems: { field: string; message: string }[]): MalformedPackage {
    return Object.assign(new MalformedPackage(), {
      code: 'MALFORMED_PACKAGE',
      message: `Gói edXML không hợp lệ / Malformed edXML package: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
      problems: problems.map((p) => Object.assign(new FieldError(), p)),
    });
  }
}

@ObjectType({ implements: ErrorResult })
export class TooManyCells extends ErrorResult {
  @Field(() => Int)
  limit!: number;

  static of(limit: number): TooManyCells {
    return Object.assign(new TooManyCells(), {
      code: 'TOO_MANY_CELLS',
      message: `Kết quả vượt quá ${limit} nhóm; thu hẹp bộ lọc hoặc bớt chiều nhóm / More than ${limit} groups: narrow the filter or group by fewer dimensions`,
      limit,
    });
  }
}

@ObjectType({ implements: ErrorResult, description: 'The agency or service an action needs is not available on this server (its module is not running, or the service, such as online payment, is switched off); nothing was written.' })
export class ServiceUnavailable extends ErrorResult {
  @Field({ description: 'The capability or service that is missing, e.g. `onlinePayment`.' })
  service!: string;

  /** A service this server's configuration switched off (not an agency that is missing). */
  static switchedOff(service: string, message: string): ServiceUnavailable {
    return Object.assign(new ServiceUnavailable(), { code: 'SERVICE_UNAVAILABLE', message, service });
  }

  static of(service: string, what: string): ServiceUnavailable {
    return Object.assign(new ServiceUnavailable(), {
      code: 'SERVICE_UNAVAILABLE',
      message: `${what} chưa được kết nối trên hệ thống này / The agency providing "${service}" is not available on this server`,
      service,
    });
  }
}

@ObjectType({ implements: ErrorResult, description: 'Another change to the same record held it longer than the wait allowed (or the database was too busy); nothing was written. Read again and retry.' })
export class Busy extends ErrorResult {
  @Field(() => Int, { description: 'Suggested wait before retrying, in seconds.' })
  retryAfterSeconds!: number;

  static of(retryAfterSeconds = 1): Busy {
    return Object.assign(new Busy(), {
      code: 'BUSY',
      message: 'Hồ sơ đang được xử lý bởi một thao tác khác, vui lòng thử lại sau giây lát / The record is being changed by another request; nothing was written, try again shortly',
      retryAfterSeconds,
    });
  }
}

@ObjectType({
  implements: ErrorResult,
  description:
    'The receiving agency has used every dossier number of the day: the national code `{agency}-{yyMMdd}-{NNNN}` has a 4-digit daily sequence (0001–9999), so the 10,000th reception of a day is refused; nothing was written and no number was used. Receive it from the next day (or at another receiving agency).',
})
export class DailyCodeLimitReached extends ErrorResult {
  @Field({ description: 'The receiving agency whose daily sequence is exhausted.' })
  agencyCode!: string;

  @Field({ description: 'The local reception day, yyyy-MM-dd.' })
  day!: string;

  @Field(() => Int, { description: 'The last number of the daily sequence (9999).' })
  limit!: number;

  static of(agencyCode: string, day: string, limit: number): DailyCodeLimitReached {
    return Object.assign(new DailyCodeLimitReached(), {
      code: 'DAILY_CODE_LIMIT_REACHED',
      message: `${agencyCode} đã cấp đủ ${limit} mã hồ sơ trong ngày ${day}; vui lòng tiếp nhận vào ngày làm việc tiếp theo / ${agencyCode} has used all ${limit} dossier numbers of ${day}; nothing was written, receive the dossier on the next day`,
      agencyCode,
      day,
      limit,
    });
  }
}
