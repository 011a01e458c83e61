import type { PiiHit } from './piiSpan.ts';
import { findRegionName, REGION_NAMES_PATTERN } from './regions.ts';

/*
 * A Chinese postal address is recognised by its detail, not by its region: "深圳市南山区" is what the
 * mask keeps anyway, while "科技园南路18号" or "3栋2单元502室" is what identifies a home. So the
 * detector finds a detail core (road + door number, village group, building/unit), walks left over
 * the region that names where it is, then right over building, unit and room.
 */

const HAN = '\\u3400-\\u4dbf\\u4e00-\\u9fff';
const NUMERAL = '一二三四五六七八九十';

/** 大道中, 人民南路四段 */
const SECTION = `(?:[东西南北中]?(?:[${NUMERAL}]{1,2}|\\d{1,2})?段|[东西南北中])?`;

// Road + (section) + door number; village + group/number; building or unit number.
const CORE = new RegExp(
  `(大道|大街|路|街|巷|弄|胡同|道|里)${SECTION} ?\\d{1,5}(?:[-之]\\d{1,4})?(?:号院|号楼|号|弄)` +
    `|(村|组|社区)\\d{1,4}(?:组|号|队)` +
    // 江南大道3850 (号 left out): only trusted after a real district, see findAddresses.
    `|(大道|大街|路|街|巷)${SECTION} ?\\d{1,5}(?:[-之]\\d{1,4})?(?![\\d.,%元块件个号弄栋幢楼层室年月日天次点时分米])` +
    `|(?<![\\dA-Za-z])(?:\\d{1,4}|[A-Za-z])(?:号楼|栋|幢|座|单元)`,
  'g',
);
/** Road names that alone make "name + number" an address; 道 and 里 also end ordinary words (知道, 这里). */
const STRONG_ROAD = new Set(['大道', '大街', '路', '街', '巷', '弄', '胡同']);

// Parts that follow the core: 3单元, 502室, B座, 12楼, 3-2-502, 5#, 阳光花园, 圣爱大厦.
const NUMBERED_PART = new RegExp(
  ` ?(?:[A-Za-z]?\\d{1,5}(?:号楼|栋|幢|座|单元|楼|层|室|号|户|房|期|区|排|门)` +
    `|[A-Za-z](?:座|栋|幢|区|楼)` +
    `|[${NUMERAL}]{1,3}(?:号楼|栋|幢|座|单元|楼|层|期|区)` +
    `|\\d{1,4}(?:-\\d{1,4}){1,3}(?:室|号|房)?` +
    `|\\d{1,4}#\\d{0,5})`,
  'y',
);
const PLACE_SUFFIX =
  '小区|花园|家园|公寓|大厦|大楼|广场|中心|苑|园|村|府|公馆|宿舍|校区|大学|学校|商城|城|院|楼|塔|馆';
// A named estate or tower, or any name directly followed by its building part (颐和国际A座).
const NAMED_PART = new RegExp(
  ` ?[${HAN}A-Za-z]{1,10}?(?:${PLACE_SUFFIX}|(?=[A-Za-z\\d]{1,4}(?:座|栋|幢|号楼|单元)))`,
  'y',
);
// A bare room number after a building part (4号602); not a count, price or date (2件, 20元).
const ROOM = /[ -]?\d{2,5}(?![\d元块件个盒包瓶支片号次天月日年点时分秒%]|[.,]\d)/y;
/** Words that cannot be inside a place name, so a "named part" containing one is ordinary text. */
const NOT_A_PLACE = /[的了是我你他她您请吗呢吧啊就也还要在与及或但把给让被从往到可谢麻烦]/;

// What usually comes right before an address and is not part of it.
const LEAD_IN =
  /(?:地址|住址|地点|寄到|寄回|寄往|送到|送至|发到|发往|退回|退到|改到|改成|改为|换成|换到|住在|位于|收货|取件|上门|在|到|至|是|为|住|往|址|的|了)$/;
/** Leftover words at the start of a walk (了深圳市…, 我家小区…) that are never part of a place. */
const LEADING_FILLER = /^[了的是为把给我你他她您们就也都还请去来]+/;
const NAMED_PLACE_BEFORE = new RegExp(`(?:${PLACE_SUFFIX}|楼)$`);

const isHan = (ch: string) => /[\u3400-\u4dbf\u4e00-\u9fff]/.test(ch);
const isAdminSuffix = (ch: string | undefined) => ch !== undefined && '省市区县旗州盟'.includes(ch);

/** Walks left from the core over the characters an address is written in, to where the lead-in ends. */
function walkLeft(text: string, core: number): number {
  let i = core;
  const limit = Math.max(0, core - 40);
  while (i > limit) {
    if (LEAD_IN.test(text.slice(Math.max(0, i - 4), i))) break;
    const ch = text[i - 1] ?? '';
    if (isHan(ch) || /[A-Za-z]/.test(ch)) i--;
    // "广东省 深圳市 南山区 …": a space right after an administrative suffix stays inside.
    else if (ch === ' ' && isAdminSuffix(text[i - 2]) && i < core) i--;
    else break;
  }
  return i;
}

/** First 市/区/县… in [from, to) that is an administrative suffix (not 超市, 小区, 市场…). */
function firstAdminSuffix(text: string, from: number, to: number): number {
  for (let k = from; k < to; k++) {
    const ch = text[k];
    if (!isAdminSuffix(ch)) continue;
    const before = text[k - 1] ?? '';
    if (ch === '区' && '小社园景专校'.includes(before)) continue;
    if (ch === '市' && ('超城门夜'.includes(before) || text[k + 1] === '场')) continue;
    if (k > from) return k;
  }
  return -1;
}

/**
 * Where the address starts. `hasAdmin` means a real 市/区/县… precedes the core, which is what
 * makes weak cores (道, 里, 村3组, 3栋) an address rather than "知道3号" or "我们组2号".
 */
function findStart(text: string, from: number, core: number): { start: number; hasAdmin: boolean } {
  const suffix = firstAdminSuffix(text, from, core);
  const hasAdmin = suffix >= 0;
  const named = findRegionName(text, from, core);
  if (named >= 0) return { start: named, hasAdmin };
  let start: number;
  if (hasAdmin) {
    // An unlisted district or county: trust the lead-in if it is close, else assume a 2-character
    // name (most are), 3 for 新区.
    const nameLength = text[suffix - 1] === '新' ? 3 : 2;
    start = suffix - from <= 4 ? from : suffix - nameLength;
  } else {
    start = core - from <= 6 ? from : core - 4;
  }
  start += LEADING_FILLER.exec(text.slice(start, core))?.[0].length ?? 0;
  return { start, hasAdmin };
}

/** Extends the end over building, unit and room parts. */
function walkRight(text: string, end: number): number {
  let afterNumber = true;
  for (let steps = 0; steps < 8; steps++) {
    NUMBERED_PART.lastIndex = end;
    const numbered = NUMBERED_PART.exec(text);
    if (numbered) {
      end += numbered[0].length;
      afterNumber = true;
      continue;
    }
    NAMED_PART.lastIndex = end;
    const named = NAMED_PART.exec(text);
    if (named && !NOT_A_PLACE.test(named[0])) {
      end += named[0].length;
      afterNumber = false;
      continue;
    }
    ROOM.lastIndex = end;
    const room = afterNumber ? ROOM.exec(text) : null;
    if (room) end += room[0].length;
    break;
  }
  return end;
}

export function findAddresses(text: string): PiiHit[] {
  const hits: PiiHit[] = [];
  let covered = 0;
  for (const match of text.matchAll(CORE)) {
    if (match.index < covered) continue;
    const road = match[1];
    const village = match[2];
    const unnumbered = match[3];
    const core = match.index;
    const { start, hasAdmin } = findStart(text, walkLeft(text, core), core);
    const nameLength = core - start;
    let isAddress: boolean;
    if (road !== undefined) {
      isAddress = hasAdmin || (STRONG_ROAD.has(road) && nameLength >= 2);
    } else if (village !== undefined || unnumbered !== undefined) {
      isAddress = hasAdmin;
    } else {
      // A named estate (阳光花园3栋), not a bare 小区5号楼.
      isAddress = hasAdmin || (nameLength >= 3 && NAMED_PLACE_BEFORE.test(text.slice(start, core)));
    }
    if (!isAddress) continue;
    const end = walkRight(text, match.index + match[0].length);
    hits.push({ kind: 'address', start, end });
    covered = end;
  }
  return hits;
}

// Province, city, district: what agents may see of an address (logistics questions need them).
const REGION_TOKEN =
  `(?:(?:${REGION_NAMES_PATTERN})(?:壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市|新区|区|县)?` +
  `|[${HAN}]{1,8}?(?:自治州|地区|盟|新区|区|县|旗|市|省))`;
const REGION_PREFIX = new RegExp(`^(?:${REGION_TOKEN} ?){0,3}`);

/** The leading province/city/district of an address, never anything with a number in it. */
export function addressRegion(address: string): string {
  return REGION_PREFIX.exec(address)?.[0].trimEnd() ?? '';
}
