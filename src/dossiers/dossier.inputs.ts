import { JSONObjectScalar } from '../graphql/scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { ApplicantKind } from '../procedures/procedure.types';
import { Channel, } from './dossier.entity';
import { SatisfactionLevel } from './dossier-parts.entity';
import { NotificationChannel, NotificationLanguage } from './contact-preferences';

@InputType({ description: 'The person or organisation the dossier is for.' })
export class ApplicantInput {
  @Field(() => ApplicantKind)
  kind!: ApplicantKind;

  @Field()
  name!: string;

  @Field({ description: 'CCCD (12 digits) for a person; tax code (10 digits, or 13 with -NNN) for an organisation.' })
  idNumber!: string;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  address?: string | null;

  @Field(() => [NotificationChannel], { nullable: true, description: 'How to tell the applicant about the dossier; default: every channel with a contact given (e-mail, phone).' })
  notifyBy?: NotificationChannel[] | null;

  @Field(() => NotificationLanguage, { nullable: true, description: 'Language of the notifications; default Vietnamese.' })
  language?: NotificationLanguage | null;
}

@InputType({ description: 'A file sent inline, base64-encoded (at most 10 MB decoded).' })
export class FileInput {
  @Field()
  name!: string;

  @Field()
  mediaType!: string;

  @Field()
  contentBase64!: string;

  @Field(() => String, { nullable: true, description: 'The dossier component (thành phần hồ sơ) this file is for.' })
  componentCode?: string | null;
}

@InputType()
export class SubmitDossierInput {
  @Field()
  procedureCode!: string;

  @Field(() => ApplicantInput)
  applicant!: ApplicantInput;

  @Field(() => String, { nullable: true, description: 'Administrative unit the dossier is filed under; defaults to the agency’s.' })
  adminUnitCode?: string | null;

  @Field(() => [FileInput], { nullable: true })
  files?: FileInput[] | null;

  @Field(() => JSONObjectScalar, { nullable: true, description: 'Structured data of the procedure’s form (tờ khai), checked by the module that owns the procedure; see the procedure’s documentation.' })
  formData?: Record<string, unknown> | null;
}

@InputType()
export class ReceiveDossierInput extends SubmitDossierInput {
  @Field(() => Channel, { defaultValue: Channel.COUNTER, description: 'COUNTER or POST.' })
  channel!: Channel;

  @Field(() => String, { nullable: true, description: 'The agency receiving it; defaults to the procedure’s agency.' })
  receivingAgencyCode?: string | null;

  @Field(() => String, { nullable: true })
  note?: string | null;
}

@InputType()
export class PerformDossierActionInput {
  @Field(() => ID)
  dossierId!: string;

  @Field({ description: 'Key of a workflow action, as listed in Dossier.availableActions.' })
  action!: string;

  @Field(() => Int, { description: 'The version the caller saw; a stale one yields VersionConflict.' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true })
  note?: string | null;

  @Field(() => ID, { nullable: true, description: 'For assign: the specialist.' })
  assigneeId?: string | null;

  @Field(() => String, { nullable: true, description: 'For transfer: the electronic code of the receiving agency.' })
  targetAgencyCode?: string | null;

  @Field(() => Date, { nullable: true, description: 'For apologize: the new appointment date.' })
  newDueDate?: Date | null;

  @Field(() => [FileInput], { nullable: true, description: 'Files handed in with the action (e.g. a supplement).' })
  files?: FileInput[] | null;
}

@InputType()
export class EvaluateDossierInput {
  @Field(() => ID)
  dossierId!: string;

  @Field(() => SatisfactionLevel)
  level!: SatisfactionLevel;

  @Field(() => String, { nullable: true })
  comment?: string | null;
}
