import { Field, InputType, Int } from 'type-graphql';

@InputType()
export class LandParcelFilter {
  @Field({ description: 'GSO code of the commune or ward (required: the register is kept per commune).' })
  communeCode!: string;

  @Field(() => Int, { nullable: true })
  mapSheet?: number | null;

  @Field(() => Int, { nullable: true })
  parcelNumber?: number | null;

  @Field(() => String, { nullable: true })
  purposeCode?: string | null;
}
