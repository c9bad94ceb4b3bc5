import { Arg, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { citizenIdProblem, taxCodeProblem } from '../../../src/kernel';

@ObjectType('TaxCodeCheck')
export class TaxCodeCheckType {
  @Field()
  valid!: boolean;

  @Field(() => String, { nullable: true, description: 'ORGANIZATION, BRANCH or INDIVIDUAL.' })
  kind!: string | null;

  @Field(() => String, { nullable: true })
  problem!: string | null;
}

/** Checks a tax code offline: since 1 July 2025 an individual's CCCD is their tax code. */
@Resolver()
export class TaxCodeResolver {
  @Query(() => TaxCodeCheckType, { description: 'Validates a tax code (tax module).' })
  checkTaxCode(@Arg('code') code: string): TaxCodeCheckType {
    const c = code.trim();
    if (/^\d{12}$/.test(c)) {
      const problem = citizenIdProblem(c);
      return { valid: !problem, kind: 'INDIVIDUAL', problem };
    }
    const problem = taxCodeProblem(c);
    return { valid: !problem, kind: problem ? null : c.includes('-') ? 'BRANCH' : 'ORGANIZATION', problem };
  }
}
