/**
 * Phone, ID and card numbers are all "digits, maybe grouped by spaces or dashes". This module finds
 * those runs once and lets each detector try every contiguous slice of groups, so "138 1234 5678",
 * "6222 0212 3456 7890 128" and "4111111111111111 2件" are all seen with their real boundaries.
 */

export type DigitGroup = { start: number; end: number; digits: string };

export type NumberRun = {
  /** Offset of the first character, including a leading `+`. */
  start: number;
  end: number;
  plus: boolean;
  groups: DigitGroup[];
};

/** A slice of a run's groups, the unit every numeric detector judges. */
export type GroupSlice = {
  start: number;
  end: number;
  /** Concatenated digits; an 18-digit ID number may end in X. */
  digits: string;
  /** Digits per group, e.g. [3, 4, 4] for 138 1234 5678. */
  lengths: number[];
  /** True when the slice starts at the run's leading `+`. */
  plus: boolean;
};

// A run never starts right after a letter or after "letter-" (SF1234…, E2026…, CD-000123 are
// codes, not personal numbers). Groups are joined by exactly one space or dash. A trailing X
// belongs to the run only when no letter follows (ID numbers, not "3XL").
const RUN = /(?<![A-Za-z0-9_])(?<![A-Za-z][-_])\+?\d+(?:[ -]\d+)*(?:[Xx](?![A-Za-z]))?/g;
const GROUP = /\d+[Xx]?/g;

// Every numeric detector asks for the runs of the same text in turn; remember the last answer.
let lastText: string | undefined;
let lastRuns: NumberRun[] = [];

export function findNumberRuns(text: string): NumberRun[] {
  if (text === lastText) return lastRuns;
  const runs: NumberRun[] = [];
  for (const match of text.matchAll(RUN)) {
    const start = match.index;
    const groups: DigitGroup[] = [];
    for (const g of match[0].matchAll(GROUP)) {
      groups.push({ start: start + g.index, end: start + g.index + g[0].length, digits: g[0] });
    }
    runs.push({ start, end: start + match[0].length, plus: match[0].startsWith('+'), groups });
  }
  lastText = text;
  lastRuns = runs;
  return runs;
}

/** No accepted way of writing a number has more groups (+86 138 1234 5678, 6222 0212 3456 7890 128). */
const MAX_GROUPS = 5;

/** Every contiguous slice of at most MAX_GROUPS groups whose digit count is within [min, max]. */
export function* groupSlices(run: NumberRun, min: number, max: number): Generator<GroupSlice> {
  const { groups } = run;
  for (let i = 0; i < groups.length; i++) {
    let digits = '';
    const lengths: number[] = [];
    for (let j = i; j < groups.length && j < i + MAX_GROUPS; j++) {
      const group = groups[j];
      if (!group) break;
      digits += group.digits;
      lengths.push(group.digits.length);
      if (digits.length > max) break;
      if (digits.length < min) continue;
      const plus = i === 0 && run.plus;
      yield {
        start: plus ? run.start : (groups[i]?.start ?? run.start),
        end: group.end,
        digits,
        lengths: [...lengths],
        plus,
      };
    }
  }
}

/** Finds every slice of every run that `accept` keeps. */
export function findInRuns(
  text: string,
  min: number,
  max: number,
  accept: (slice: GroupSlice) => boolean,
): Array<{ start: number; end: number }> {
  const found: Array<{ start: number; end: number }> = [];
  for (const run of findNumberRuns(text)) {
    for (const slice of groupSlices(run, min, max)) {
      if (accept(slice) && !isLabelledNonPersonal(text, slice.start)) {
        found.push({ start: slice.start, end: slice.end });
      }
    }
  }
  return found;
}

// Labels that say the number after them is a business record, not a person: 订单号 202611…,
// 运单 SF…, 快递 773…. The label must sit right before the number (only separators between), so
// "快递员电话 138…" is still a phone.
const NON_PERSONAL_LABEL = new RegExp(
  '(?:订单|单号|运单|快递|物流|包裹|售后单|退货单|退款单|工单|编号|流水|交易|批号|批次|货号|条码|序列' +
    '|券码|优惠码|兑换码|会员卡|礼品卡|储值卡|发票|税号|sku|(?:order|tracking)(?:\\s*(?:no\\.?|number|id))?)' +
    '(?:号|号码|编号|代码|码)?[\\s:：#]*(?:是|为)?[\\s:：#]*$',
  'i',
);

export function isLabelledNonPersonal(text: string, start: number): boolean {
  return NON_PERSONAL_LABEL.test(text.slice(Math.max(0, start - 12), start));
}

/** Whether 身份证/证件 closely precedes: what a checksum-less 15-digit number needs to count as an ID. */
const ID_LABEL = /(?:身份证|证件|身份号)[^\d]{0,8}$/;

export function isLabelledIdNumber(text: string, start: number): boolean {
  return ID_LABEL.test(text.slice(Math.max(0, start - 14), start));
}
