import { foldText, petitionerIdentityKeyText, sameMatter, similarity, trigrams } from '../rules/duplicate-matching';
import { repeatsIdentity } from '../rules/identity-guard';

describe('normalisation for duplicate detection', () => {
  it('folds case, diacritics (đ → d) and punctuation into single-spaced words', () => {
    expect(foldText('  Khiếu nại QUYẾT ĐỊNH số 12/QĐ-UBND,  đền bù!! ')).toBe('khieu nai quyet dinh so 12 qd ubnd den bu');
    expect(foldText('Ủy ban nhân dân Phường Xuân Hương – Đà Lạt')).toBe('uy ban nhan dan phuong xuan huong da lat');
  });

  it('builds pg_trgm-style trigrams (two spaces before each word, one after)', () => {
    expect([...trigrams('cat')].sort()).toEqual(['  c', ' ca', 'at ', 'cat'].sort());
  });

  it('scores like pg_trgm similarity()', () => {
    // pg_trgm: similarity('word', 'two words') = 4 shared / 11 distinct ≈ 0.363636.
    expect(similarity('word', 'two words')).toBeCloseTo(4 / 11, 6);
    expect(similarity('Đền bù giải tỏa', 'den bu giai toa')).toBe(1);
    expect(similarity('', '')).toBe(0);
  });

  it('sees the same matter re-worded, not a different one against the same body', () => {
    const first = { subject: 'Khiếu nại việc UBND xã giải quyết tranh chấp ranh giới đất rẫy cà phê với hộ liền kề, biên bản đo đạc không có mặt gia đình', respondent: 'Chủ tịch UBND xã Đức Trọng' };
    const again = { subject: 'Khiếu nại việc UBND xã giải quyết tranh chấp ranh giới đất rẫy cà phê với hộ liền kề: biên bản đo đạc không có mặt gia đình.', respondent: 'Chủ tịch UBND xã Đức Trọng' };
    const other = { subject: 'Khiếu nại việc chậm cấp giấy phép xây dựng nhà ở riêng lẻ', respondent: 'Chủ tịch UBND xã Đức Trọng' };
    const elsewhere = { ...again, respondent: 'Giám đốc Công ty TNHH Rau hoa Langbiang' };
    expect(sameMatter(first, again)).toBe(true);
    expect(sameMatter(first, other)).toBe(false);
    expect(sameMatter(first, elsewhere)).toBe(false);
    expect(sameMatter({ ...first, respondent: null }, { ...again, respondent: null })).toBe(true);
  });

  it('identifies the petitioner by CCCD, else by folded name and address, else not at all', () => {
    expect(petitionerIdentityKeyText({ fullName: 'Trần Văn Lộc', identityNumber: ' 068066003517 ' })).toBe('id:068066003517');
    expect(petitionerIdentityKeyText({ fullName: 'Hoàng Văn Sáng', address: 'Thôn Phú Thạnh, Xã Đức Trọng' })).toBe('name-address:hoang van sang|thon phu thanh xa duc trong');
    expect(petitionerIdentityKeyText({ fullName: 'Hoàng Văn Sáng' })).toBeNull();
  });
});

describe('the identity guard on texts others read', () => {
  const id = { fullName: 'Nguyễn Thị Hồng Nhung', identityNumber: '068183002264', phone: '0978112604' };

  it('finds the name as whole words, with or without diacritics', () => {
    expect(repeatsIdentity('Bà Nguyễn Thị Hồng Nhung cho biết…', id)).toBe(true);
    expect(repeatsIdentity('ba nguyen thi hong nhung cho biet', id)).toBe(true);
    expect(repeatsIdentity('Ông Nguyễn Thị Hồng Nhungx', id)).toBe(false);
  });

  it('finds the identity and phone numbers whatever the separators or prefix', () => {
    expect(repeatsIdentity('CCCD 068 183 002 264', id)).toBe(true);
    expect(repeatsIdentity('liên hệ +84 978.112.604', id)).toBe(true);
    expect(repeatsIdentity('Đã xác minh tại hai địa điểm', id)).toBe(false);
  });

  it('ignores a one-word name (too many false alarms)', () => {
    expect(repeatsIdentity('An toàn giao thông', { fullName: 'An' })).toBe(false);
  });
});
