import type { OrderItem, ProductLine } from '@shared/domain/index.ts';

/** What the demo shop sells, per product line; prices in fen. */
export type Product = Omit<OrderItem, 'qty'>;

const product = (sku: string, name: string, yuan: number): Product => ({
  sku,
  name,
  unitPrice: Math.round(yuan * 100),
});

export const CATALOG: Readonly<Record<Exclude<ProductLine, 'general'>, readonly Product[]>> = {
  feminine_care: [
    product('FC-D240', '日用棉柔卫生巾 240mm×10片', 12.9),
    product('FC-N320', '夜用加长卫生巾 320mm×8片', 16.9),
    product('FC-N420', '超长夜安卫生巾 420mm×4片', 15.9),
    product('FC-L155', '超薄透气护垫 155mm×40片', 14.9),
    product('FC-P001', '安心裤 M-L×5条', 29.9),
    product('FC-W200', '温和私护洗液 200ml', 45),
    product('FC-W120', '益生菌护理凝露 120ml', 69),
    product('FC-T016', '有机纯棉卫生棉条×16支', 59),
  ],
  cosmetics: [
    product('CO-SE30', '修护精华液 30ml', 299),
    product('CO-FC50', '保湿面霜 50g', 239),
    product('CO-SS50', '清爽防晒乳 SPF50+ 50ml', 158),
    product('CO-CL120', '氨基酸洁面乳 120g', 89),
    product('CO-MK05', '玻尿酸补水面膜×5片', 99),
    product('CO-EY15', '紧致眼霜 15g', 268),
    product('CO-MR400', '温和卸妆水 400ml', 119),
    product('CO-FD30', '轻薄粉底液 30ml', 189),
  ],
  apparel: [
    product('AP-DR01', '碎花雪纺连衣裙', 259),
    product('AP-CT02', '双面羊毛大衣', 899),
    product('AP-TR03', '垂感阔腿裤', 189),
    product('AP-SH04', '真丝衬衫', 399),
    product('AP-KN05', '针织开衫', 229),
    product('AP-DJ06', '轻薄羽绒服', 499),
    product('AP-SK07', '高腰半身裙', 169),
    product('AP-TS08', '纯棉圆领T恤', 79),
    product('AP-WB09', '中长款风衣外套', 459),
  ],
};

/** Real province / city / district names, so masked addresses still read naturally. */
export const REGIONS: readonly (readonly [string, string, readonly string[]])[] = [
  ['广东省', '深圳市', ['南山区', '福田区', '宝安区', '龙岗区']],
  ['广东省', '广州市', ['天河区', '越秀区', '海珠区', '番禺区']],
  ['浙江省', '杭州市', ['西湖区', '滨江区', '余杭区', '拱墅区']],
  ['江苏省', '南京市', ['鼓楼区', '玄武区', '江宁区', '建邺区']],
  ['江苏省', '苏州市', ['姑苏区', '工业园区', '吴中区']],
  ['上海市', '上海市', ['浦东新区', '徐汇区', '静安区', '闵行区']],
  ['北京市', '北京市', ['朝阳区', '海淀区', '东城区', '丰台区']],
  ['四川省', '成都市', ['武侯区', '锦江区', '高新区', '金牛区']],
  ['湖北省', '武汉市', ['洪山区', '江汉区', '武昌区']],
  ['陕西省', '西安市', ['雁塔区', '碑林区', '未央区']],
  ['山东省', '青岛市', ['市南区', '崂山区', '黄岛区']],
  ['福建省', '厦门市', ['思明区', '湖里区', '集美区']],
  ['湖南省', '长沙市', ['岳麓区', '芙蓉区', '天心区']],
  ['河南省', '郑州市', ['金水区', '二七区', '中原区']],
  ['重庆市', '重庆市', ['渝中区', '江北区', '沙坪坝区']],
];

export const STREETS = [
  '人民路',
  '中山路',
  '解放路',
  '建设路',
  '和平路',
  '新华路',
  '文化路',
  '长江路',
  '学府路',
  '滨河路',
  '科技园路',
  '迎宾大道',
  '青年路',
  '花园街',
  '东风路',
];

/** Mobile prefixes in use: 13x, 15x, 17x, 18x, 19x. */
export const MOBILE_PREFIXES = (
  '130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 170 173 176 177 178 ' +
  '180 181 182 183 185 186 187 188 189 191 193 195 198 199'
).split(' ');

export const HEALTH_NOTES = [
  '敏感肌，曾对含酒精产品过敏',
  '对香精过敏，使用前需确认成分',
  '孕期，注意产品成分',
  '哺乳期',
  '曾有妇科炎症史，使用私护产品需谨慎',
  '皮肤屏障受损，正在就医',
  '对羊毛面料过敏',
];

export const TAGS: Readonly<Record<ProductLine, readonly string[]>> = {
  feminine_care: ['敏感', '私护', '回购客户', '赠品'],
  cosmetics: ['敏感肌', '成分咨询', '直播间订单', '赠品'],
  apparel: ['尺码', '面料', '换货', '预售'],
  general: ['物流', '发票', '会员'],
};
