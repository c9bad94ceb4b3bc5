import { Field, ObjectType, Query, Resolver } from 'type-graphql';

@ObjectType('LandUsePurpose', { description: 'Land-use purpose code (mục đích sử dụng đất), Law on Land 2024 and its circulars.' })
export class LandUsePurposeType {
  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field({ description: 'Nhóm đất: agricultural, non-agricultural or unused land.' })
  group!: string;
}

const PURPOSES: LandUsePurposeType[] = [
  { code: 'LUC', name: 'Đất chuyên trồng lúa', group: 'Nhóm đất nông nghiệp' },
  { code: 'BHK', name: 'Đất bằng trồng cây hằng năm khác', group: 'Nhóm đất nông nghiệp' },
  { code: 'CLN', name: 'Đất trồng cây lâu năm', group: 'Nhóm đất nông nghiệp' },
  { code: 'RSX', name: 'Đất rừng sản xuất', group: 'Nhóm đất nông nghiệp' },
  { code: 'NTS', name: 'Đất nuôi trồng thủy sản', group: 'Nhóm đất nông nghiệp' },
  { code: 'ONT', name: 'Đất ở tại nông thôn', group: 'Nhóm đất phi nông nghiệp' },
  { code: 'ODT', name: 'Đất ở tại đô thị', group: 'Nhóm đất phi nông nghiệp' },
  { code: 'TMD', name: 'Đất thương mại, dịch vụ', group: 'Nhóm đất phi nông nghiệp' },
  { code: 'SKC', name: 'Đất cơ sở sản xuất phi nông nghiệp', group: 'Nhóm đất phi nông nghiệp' },
  { code: 'BCS', name: 'Đất bằng chưa sử dụng', group: 'Nhóm đất chưa sử dụng' },
];

/** Reference list the land forms validate against. */
@Resolver()
export class LandUsePurposeResolver {
  @Query(() => [LandUsePurposeType], { description: 'Land-use purpose codes (land module).' })
  landUsePurposes(): LandUsePurposeType[] {
    return PURPOSES;
  }
}

export const LAND_USE_CODES = new Set(PURPOSES.map((p) => p.code));
