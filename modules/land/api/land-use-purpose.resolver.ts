import { Field, ObjectType, Query, Resolver } from 'type-graphql';
import { type LandUsePurpose, LAND_USE_PURPOSES } from '../rules/land-use-purposes';

@ObjectType('LandUsePurpose', { description: 'Land-use purpose code (mục đích sử dụng đất), Law on Land 2024 and its circulars.' })
export class LandUsePurposeType implements LandUsePurpose {
  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field({ description: 'Nhóm đất: agricultural, non-agricultural or unused land.' })
  group!: string;
}

/** Reference list the land forms validate against. */
@Resolver()
export class LandUsePurposeResolver {
  @Query(() => [LandUsePurposeType], { description: 'Land-use purpose codes (land module).' })
  landUsePurposes(): readonly LandUsePurposeType[] {
    return LAND_USE_PURPOSES;
  }
}
