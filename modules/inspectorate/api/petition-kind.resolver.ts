import { Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { DurationUnit } from '../../../src/kernel';
import { baseResolutionAmount, PETITION_RULES } from '../rules/deadlines';

@ObjectType('PetitionKind', { description: 'A class of petition (đơn thư) and its time limits, from the module’s rules.' })
export class PetitionKindType {
  @Field({ description: 'A PetitionClassification value.' })
  code!: string;

  @Field()
  name!: string;

  @Field(() => Int, { nullable: true, description: 'Days to resolve after acceptance (thụ lý).' })
  resolutionDays!: number | null;

  @Field(() => Int, { nullable: true, description: 'Days in remote areas (vùng sâu, vùng xa).' })
  remoteResolutionDays!: number | null;

  @Field(() => Int, { nullable: true, description: 'The longest time limit for complex cases, extensions included.' })
  complexResolutionDays!: number | null;

  @Field(() => Int, { description: 'Days from receipt to decide acceptance, transfer or refusal.' })
  acceptanceDays!: number;

  @Field(() => DurationUnit, { description: 'How the acceptance days are counted.' })
  acceptanceUnit!: DurationUnit;

  @Field()
  legalBasis!: string;
}

/** The petition classes as the rules define them (one source for the API and the deadlines). */
function kinds(): PetitionKindType[] {
  return Object.values(PETITION_RULES).map((r) => {
    const longest = Math.max(0, ...Object.values(r.extensions).map((a) => a!.maxTotalDays ?? baseResolutionAmount(r, false) + (a!.maxTimes ?? 0) * (a!.maxDaysEach ?? 0)));
    return {
      code: r.classification,
      name: r.label,
      resolutionDays: r.resolution.amount,
      remoteResolutionDays: baseResolutionAmount(r, true),
      complexResolutionDays: longest || null,
      acceptanceDays: r.acceptance.amount,
      acceptanceUnit: r.acceptance.unit,
      legalBasis: [r.acceptance.basis, r.resolution.basis, r.extensionBasis].filter(Boolean).join('; '),
    };
  });
}

/** Reference list of petition classes (inspectorate module). */
@Resolver()
export class PetitionKindResolver {
  @Query(() => [PetitionKindType], { description: 'Petition classes and time limits (inspectorate module).' })
  petitionKinds(): PetitionKindType[] {
    return kinds();
  }
}
