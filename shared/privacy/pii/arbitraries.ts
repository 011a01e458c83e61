import fc from 'fast-check';
import { idCheckChar, isCalendarDate, luhnCheckDigit } from './checksums.ts';
import { isIdNumber } from './idNumber.ts';

/*
 * fast-check generators for the PII detectors' property tests: valid values in the ways people
 * actually write them, and the business numbers that look like them but must never be masked.
 */

const digits = (min: number, max = min) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const groupBy4 = (s: string, sep: string) => s.match(/.{1,4}/g)?.join(sep) ?? s;

export const mobileDigits = fc
  .tuple(fc.integer({ min: 3, max: 9 }), digits(9))
  .map(([second, rest]) => `1${second}${rest}`);

/** 13812345678, 138 1234 5678, 138-1234-5678, +86 138…, +8613…, 86-138…, 0086 138… */
export const mobile = fc
  .tuple(
    mobileDigits,
    fc.constantFrom('', ' ', '-'),
    fc.constantFrom('', '', '+86 ', '+86', '86-', '+86-', '0086 ', '86'),
  )
  .map(([n, sep, prefix]) => `${prefix}${n.slice(0, 3)}${sep}${n.slice(3, 7)}${sep}${n.slice(7)}`);

const AREA_CODES = ['010', '020', '021', '022', '023', '024', '025', '027', '028', '029'];
const LONG_AREA_CODES = ['0755', '0571', '0512', '0731', '0871', '0591', '0351', '0769', '0898', '0931'];

/** 010-12345678, (0755)87654321, 021 6123 4567, 0571-8765-4321, 075587654321 */
export const landline = fc
  .tuple(
    fc.oneof(
      fc.tuple(fc.constantFrom(...AREA_CODES), fc.constant(8)),
      fc.tuple(fc.constantFrom(...LONG_AREA_CODES), fc.constantFrom(7, 8)),
    ),
    fc.integer({ min: 2, max: 9 }),
    digits(7),
    fc.constantFrom('dash', 'brackets', 'space', 'split', 'plain'),
  )
  .map(([[area, length], first, rest, form]) => {
    const local = `${first}${rest}`.slice(0, length);
    switch (form) {
      case 'brackets':
        return `(${area})${local}`;
      case 'space':
        return `${area} ${local}`;
      case 'split':
        return `${area}-${local.slice(0, -4)}-${local.slice(-4)}`;
      case 'plain':
        return `${area}${local}`;
      default:
        return `${area}-${local}`;
    }
  });

const birthDate = fc
  .tuple(
    fc.integer({ min: 1930, max: 2024 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 31 }),
  )
  .filter(([y, m, d]) => isCalendarDate(y, m, d))
  .map(([y, m, d]) => `${y}${pad(m)}${pad(d)}`);

export const idNumberDigits = fc
  .tuple(fc.integer({ min: 1, max: 8 }), digits(5), birthDate, digits(3))
  .map(([region, area, birth, seq]) => {
    const body = `${region}${area}${birth}${seq}`;
    return body + idCheckChar(body);
  });

/** 18-digit ID numbers with a correct check character, sometimes lower-case x or spaced 6-8-4. */
export const idNumber = fc
  .tuple(idNumberDigits, fc.boolean(), fc.constantFrom('', '', ' '))
  .map(([id, lower, sep]) => {
    const written = lower ? id.toLowerCase() : id;
    return sep ? [written.slice(0, 6), written.slice(6, 14), written.slice(14)].join(sep) : written;
  });

export const bankCardDigits = fc
  .tuple(fc.constantFrom('62', '62', '60', '4', '51', '53', '55'), fc.integer({ min: 16, max: 19 }))
  .chain(([prefix, length]) => digits(length - prefix.length - 1).map((body) => prefix + body))
  .map((body) => body + luhnCheckDigit(body));

/**
 * Luhn-valid card numbers, unspaced or grouped by four with spaces or dashes. An 18-digit card that
 * is also a valid ID number is reported as an ID (still masked), so those are left out.
 */
export const bankCard = fc
  .tuple(bankCardDigits, fc.constantFrom('', ' ', '-'))
  .filter(([card]) => !isIdNumber(card))
  .map(([card, sep]) => (sep ? groupBy4(card, sep) : card));

const localPart = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9]{1,10}$/),
    fc.option(fc.tuple(fc.constantFrom('.', '_', '-', '+'), fc.stringMatching(/^[a-z0-9]{1,8}$/))),
  )
  .map(([head, tail]) => (tail ? head + tail[0] + tail[1] : head));
const domain = fc.oneof(
  fc.constantFrom('163.com', 'qq.com', '126.com', 'gmail.com', 'outlook.com', 'foxmail.com', 'sina.com.cn'),
  fc
    .tuple(fc.stringMatching(/^[a-z0-9]{2,12}$/), fc.constantFrom('com', 'cn', 'com.cn', 'net', 'org', 'io'))
    .map(([name, tld]) => `${name}.${tld}`),
);
export const email = fc.tuple(localPart, domain).map(([local, host]) => `${local}@${host}`);

const REGIONS: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['广东省', '深圳市', ['南山区', '福田区', '宝安区', '龙岗区']],
  ['广东省', '广州市', ['天河区', '越秀区', '海珠区', '番禺区']],
  ['浙江省', '杭州市', ['西湖区', '余杭区', '拱墅区', '滨江区']],
  ['江苏省', '苏州市', ['姑苏区', '吴中区', '工业园区', '昆山市']],
  ['四川省', '成都市', ['武侯区', '锦江区', '高新区', '双流区']],
  ['湖北省', '武汉市', ['洪山区', '江汉区', '武昌区']],
  ['山东省', '青岛市', ['市南区', '崂山区', '黄岛区']],
  ['河南省', '郑州市', ['金水区', '二七区', '中原区']],
  ['辽宁省', '沈阳市', ['和平区', '沈河区', '浑南区']],
  ['', '北京市', ['朝阳区', '海淀区', '东城区', '丰台区']],
  ['', '上海市', ['浦东新区', '徐汇区', '静安区', '闵行区']],
  ['', '重庆市', ['渝北区', '江北区', '沙坪坝区']],
  ['广西壮族自治区', '南宁市', ['青秀区', '西乡塘区']],
];
const ROADS = [
  '科技园南',
  '建国',
  '文三',
  '人民南',
  '中山东一',
  '解放',
  '体育西',
  '长江',
  '和平',
  '学府',
  '滨河',
];
const ROAD_KINDS = ['路', '路', '街', '大道', '大街'];
const DETAILS = ['', '', '3单元502室', '5栋1单元1101', 'B座2106', '12楼', '2号楼601', '阳光花园3栋'];

/** Addresses assembled from province / city / district / road parts, with or without a building. */
export const address = fc
  .tuple(
    fc.constantFrom(...REGIONS),
    fc.nat(),
    fc.boolean(),
    fc.constantFrom(...ROADS),
    fc.constantFrom(...ROAD_KINDS),
    fc.integer({ min: 1, max: 2999 }),
    fc.constantFrom(...DETAILS),
  )
  .map(([[province, city, districts], pick, withProvince, road, kind, no, detail]) => {
    const district = districts[pick % districts.length] ?? '';
    return `${withProvince ? province : ''}${city}${district}${road}${kind}${no}号${detail}`;
  });

/* ---- look-alikes that are not personal data ---- */

/** 202611251234567890 (date-based, never a valid ID), E20261125123456789, 19-digit marketplace numbers. */
export const orderNumber = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), digits(10))
    .map(([m, d, rest]) => `2026${pad(m)}${pad(d)}${rest}`)
    .filter((n) => !isIdNumber(n)),
  digits(17).map((rest) => `E${rest}`),
  fc.tuple(fc.constantFrom('1', '2', '3'), digits(18)).map(([first, rest]) => first + rest),
  fc
    .tuple(fc.constantFrom('订单号', '订单号：', '订单编号 ', '售后单号'), digits(11, 19))
    .map(([label, n]) => label + n),
);

/** SF1234567890123, YT…, JD…, JT…, and bare carrier numbers with their carrier named. */
export const trackingNumber = fc.oneof(
  fc.tuple(fc.constantFrom('SF', 'YT', 'JD', 'JT', 'ZT'), digits(13)).map(([c, n]) => c + n),
  fc
    .tuple(fc.constantFrom('中通快递', '运单号', '快递单号：', '物流单号 ', '申通快递'), digits(10, 13))
    .map(([label, n]) => `${label}77${n}`),
  digits(10).map((n) => `韵达快递43${n}`),
);

/** ¥129.00, ￥59.9, 299元, 1,299.50, 12.5块 */
export const price = fc.oneof(
  fc
    .tuple(fc.constantFrom('¥', '￥'), fc.integer({ min: 1, max: 99999 }), fc.integer({ min: 0, max: 99 }))
    .map(([sign, yuan, fen]) => `${sign}${yuan}.${pad(fen)}`),
  fc.tuple(fc.integer({ min: 1, max: 99999 }), fc.constantFrom('元', '块')).map(([n, unit]) => `${n}${unit}`),
  fc
    .tuple(
      fc.integer({ min: 1, max: 999 }),
      fc.integer({ min: 0, max: 999 }),
      fc.integer({ min: 0, max: 99 }),
    )
    .map(([k, n, fen]) => `${k},${String(n).padStart(3, '0')}.${pad(fen)}`),
);

/** 2026-11-25, 2026/11/25, 2026年11月25日, 11月25号, 14:30, 2026-11-25 14:30:00, 20261125 */
export const dateOrTime = fc
  .tuple(
    fc.integer({ min: 2020, max: 2030 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 28 }),
    fc.integer({ min: 0, max: 23 }),
    fc.integer({ min: 0, max: 59 }),
    fc.integer({ min: 0, max: 6 }),
  )
  .map(([y, m, d, h, min, form]) => {
    const time = `${pad(h)}:${pad(min)}`;
    return [
      `${y}-${pad(m)}-${pad(d)}`,
      `${y}/${pad(m)}/${pad(d)}`,
      `${y}年${m}月${d}日`,
      `${m}月${d}号`,
      time,
      `${y}-${pad(m)}-${pad(d)} ${time}:00`,
      `${y}${pad(m)}${pad(d)}`,
    ][form] as string;
  });

/** SKU, coupon and ticket codes, quantities. */
export const businessCode = fc.oneof(
  fc.stringMatching(/^SKU-[A-Z]{2}\d{4}-\d{3}$/),
  fc.stringMatching(/^YHQ[A-Z0-9]{8}$/),
  fc.integer({ min: 1, max: 999999 }).map((n) => `CD-${String(n).padStart(6, '0')}`),
  fc
    .tuple(fc.integer({ min: 1, max: 99 }), fc.constantFrom('件', '盒', '包', '片', '瓶'))
    .map(([n, u]) => `${n}${u}`),
);

/* ---- surrounding text ---- */

const FRAGMENTS = [
  '您好',
  '亲',
  '麻烦',
  '谢谢',
  '我的',
  '请尽快处理',
  '收到了',
  '东西',
  '过敏了',
  '退货',
  '怎么办',
  '，',
  '。',
  ' ',
  '！',
  '？',
  '用了两次',
  '有点红肿',
  '客服',
  '联系',
  '申请售后',
  '卫生巾',
  '面霜',
  '外套',
  '尺码',
  '不合适',
  '已经',
  '拒收',
  '退款',
  '补发',
  '寄到',
  '地址是',
  '电话',
  '备注',
  '好的',
  '嗯',
  '：',
  '（',
  '）',
  '\n',
];

/** Chinese chatter with no digits, letters or place names, to embed values in. */
export const chatter = fc
  .array(fc.constantFrom(...FRAGMENTS), { maxLength: 6 })
  .map((parts) => parts.join(''));
