import type { Category, ProductLine } from '@shared/domain/index.ts';

/**
 * Demo conversation snippets. `{p}` is a product name, `{o}` an order number, `{a}` a body area.
 * Written for the demo (not copied from the service plans in the domain background).
 */

export const SUBJECTS: Readonly<Record<Category, readonly string[]>> = {
  product_inquiry: [
    '{p}适合敏感肌使用吗',
    '{p}的成分和保质期咨询',
    '{p}怎么使用效果最好',
    '{p}孕期可以用吗',
    '{p}现在有没有赠品活动',
  ],
  order_query: [
    '订单什么时候发货',
    '物流三天没有更新了',
    '想修改收货地址',
    '订单显示已签收但没收到',
    '怎么开电子发票',
  ],
  after_sales: [
    '{p}申请退货退款',
    '收到的{p}包装破损',
    '{p}不合适想换货',
    '退款一直没有到账',
    '{p}少发了一件',
    '{p}和页面描述不一致',
  ],
  complaint: [
    '对{p}的质量非常不满意',
    '客服一直不回复',
    '快递员态度太差',
    '{p}用了以后很不舒服',
    '退货流程太麻烦了',
  ],
};

export const FIRST_MESSAGES: Readonly<Record<Category, readonly string[]>> = {
  product_inquiry: [
    '你好，我是敏感肌，想问一下{p}里面有没有酒精和香精？',
    '请问{p}开封以后能放多久？放在浴室里会不会变质？',
    '{p}和上一代有什么区别？值得换吗？',
    '朋友推荐了{p}，想先了解一下适合什么年龄段使用。',
  ],
  order_query: [
    '我的订单{o}付款三天了还没发货，什么时候能发？',
    '快递显示到了中转站就一直没动，麻烦帮我查一下订单{o}。',
    '下单时地址填错了，订单{o}能帮我改成新地址吗？',
    '物流显示订单{o}已签收，但是我和家人都没有收到。',
  ],
  after_sales: [
    '收到的{p}外包装压坏了，里面也有渗漏，申请退换。',
    '{p}拿到手感觉偏小，想换大一码，怎么操作？',
    '订单{o}的退货已经寄回五天了，退款还没到账。',
    '{p}颜色和详情页图片差别很大，想退货。',
  ],
  complaint: [
    '{p}质量很差，用了一次就出问题，我要求全额退款。',
    '联系了三次客服都没有人处理，你们到底管不管？',
    '快递员没打电话就把包裹放在门口，东西丢了，订单{o}。',
    '买的{p}跟直播间说的完全不一样，感觉被骗了。',
  ],
};

/** Health complaints: they trip shared/priority's health_risk rule, as real ones must. */
export const HEALTH_SUBJECTS = ['使用{p}后皮肤过敏红肿', '{p}用后瘙痒刺痛', '用了{p}后出现皮疹'];
export const HEALTH_MESSAGES = [
  '用了{p}两天，{a}开始红肿、瘙痒，现在还有点刺痛。请问这是过敏吗？我已经停用了，需要去医院吗？',
  '{p}用完以后{a}有灼热感，还起了一片小疹子，之前用别的牌子从来没有这样。',
  '使用{p}之后{a}一直不适，有点疼，想知道产品成分里有什么容易过敏的东西。',
];
export const BODY_AREAS: Readonly<Record<ProductLine, readonly string[]>> = {
  feminine_care: ['私处', '大腿内侧', '皮肤接触的地方'],
  cosmetics: ['脸颊', '眼周', '额头和下巴'],
  apparel: ['脖子', '手臂内侧'],
  general: ['皮肤'],
};

/** Added to some first messages: shared/priority's strong_emotion rule picks these up. */
export const ANGRY_ENDINGS = [
  '再不处理我就去12315投诉！',
  '太差了，气死我了，必须给个说法。',
  '不解决的话我会给差评，还要找消协。',
];

export const AGENT_REPLIES = [
  '您好，非常抱歉给您带来不好的体验，我已经为您登记，会尽快给您处理结果。',
  '亲，您的订单已经安排发货，快递单号稍后会通过短信发给您，请留意查收。',
  '已经为您提交退款申请，款项会在1-3个工作日内原路退回。',
  '麻烦您拍一下商品和外包装的照片发给我们，方便为您加急处理。',
  '换货申请已经通过，快递员会在明天上门取件，新商品会在收到退件后发出。',
  '感谢您的耐心等待，问题已经处理完毕，还有其他可以帮您的吗？',
  '这款产品的成分表已经发给您了，敏感肌建议先在耳后小面积试用。',
];
export const HEALTH_REPLIES = [
  '非常抱歉让您受苦了。建议您先停止使用，用清水清洗，如果症状没有缓解请及时就医，就医费用我们会协助处理。',
  '您的情况我们非常重视，已经转给质量专员跟进，请您保留产品和批号，我们会在24小时内联系您。',
];
export const CUSTOMER_FOLLOW_UPS = [
  '好的，照片已经发过去了，请尽快处理。',
  '谢谢，已经收到退款了。',
  '还是没有收到，麻烦再帮我催一下。',
  '这个处理结果我不太满意，希望能给个说法。',
  '收到了，谢谢你们。',
  '请问大概还要等多久？',
];

/** Fills `{p}`, `{o}` and `{a}` placeholders. */
export function fill(template: string, values: { p: string; o: string; a: string }): string {
  return template.replace(/\{([poa])\}/g, (_, key: 'p' | 'o' | 'a') => values[key]);
}
