// The district (huyện, thị xã, thành phố thuộc tỉnh) an agency belongs to, for filtering lists. A
// campaign names each commune with its district ("UBND xã Tịnh Khê, thành phố Quảng Ngãi", as the
// GSO list and letter 751 do) and each district's People's Committee by its own name ("UBND huyện
// Bình Sơn"); provincial departments belong to no district. One rule, read from the names a campaign
// declares, until agencies carry their district as data of their own.

const COMMITTEE = /^UBND\s+/iu;

export function agencyDistrict(agency: { name: string; kind: string }): string | undefined {
  if (agency.kind === 'district') return agency.name.replace(COMMITTEE, '').trim() || undefined;
  if (agency.kind === 'commune') {
    const comma = agency.name.lastIndexOf(',');
    return comma >= 0 ? agency.name.slice(comma + 1).trim() || undefined : undefined;
  }
  return undefined;
}
