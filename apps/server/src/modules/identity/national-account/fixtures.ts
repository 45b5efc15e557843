import type { NationalEnterprise } from './types.ts';

/**
 * The documented test data of the national account simulator (see docs/national-account-simulator.md).
 *
 * Every USCC is a valid GB 32100 code (check character computed, not guessed) whose characters
 * 9–17 are also a valid GB 11714 organisation code. None collides with the standalone test USCCs
 * used elsewhere (91350100M000100Y43, 91110000100006485K).
 *
 * - `ktd_admin` and card 8800000000000001 both belong to 北京康拓达: linking it twice must be refused.
 * - 北京临空供应链 is reachable only by card (8800000000000002).
 * - Card 8800000000000003 is locked from the start.
 */

export interface NationalTestAccount {
  readonly username: string;
  readonly password: string;
  readonly nationalId: string;
  readonly note: string;
}

export interface NationalTestCard {
  readonly cardNo: string;
  readonly pin: string;
  readonly nationalId: string;
  /** Locked when the simulator starts: every attempt answers CARD_LOCKED. */
  readonly locked: boolean;
  readonly note: string;
}

const enterprise = (e: NationalEnterprise): Readonly<NationalEnterprise> => Object.freeze(e);

export const nationalTestEnterprises: readonly Readonly<NationalEnterprise>[] = Object.freeze([
  enterprise({
    nationalId: 'SW1101150001',
    name: '北京康拓达信息技术有限公司',
    uscc: '911101157KTD2019XW',
    customsCode: '1115961234',
    address: '北京市大兴区榆顺路12号院3号楼5层501',
    contactName: '王志强',
    contactPhone: '13810012345',
  }),
  enterprise({
    nationalId: 'SW1101130002',
    name: '北京空港国际货运代理有限公司',
    uscc: '91110113MA00KGHY6A',
    customsCode: '1113962587',
    address: '北京市顺义区天竺空港工业区B区裕华路28号',
    contactName: '李红梅',
    contactPhone: '13901238765',
  }),
  enterprise({
    nationalId: 'SW1101150003',
    name: '北京临空供应链管理有限公司',
    uscc: '91110115MA01LKGL0L',
    customsCode: null,
    address: '北京市大兴区魏善庄镇临空经济区发展服务中心208室',
    contactName: '赵敏',
    contactPhone: '18612345678',
  }),
  enterprise({
    nationalId: 'SW1201160004',
    name: '天津滨海航空货运服务有限公司',
    uscc: '91120116MA06TJBH1Y',
    customsCode: '1216963109',
    address: '天津自贸试验区（空港经济区）中环西路66号',
    contactName: '孙建国',
    contactPhone: '15022334455',
  }),
  enterprise({
    nationalId: 'SW1101050005',
    name: '北京华运通国际物流有限公司',
    uscc: '91110105MA019HYT7W',
    customsCode: '1105965021',
    address: '北京市朝阳区东三环中路39号建外SOHO东区A座1606',
    contactName: '陈立军',
    contactPhone: '15801234567',
  }),
]);

export const nationalTestAccounts: readonly NationalTestAccount[] = Object.freeze([
  Object.freeze({ username: 'ktd_admin', password: 'Kt@2019ds', nationalId: 'SW1101150001', note: 'same enterprise as card 8800000000000001' }),
  Object.freeze({ username: 'kg_admin', password: 'Kg#2020hy', nationalId: 'SW1101130002', note: '' }),
  Object.freeze({ username: 'tjbh_admin', password: 'Bh$2021tj', nationalId: 'SW1201160004', note: 'same enterprise as card 8800000000000004' }),
  Object.freeze({ username: 'hyt_admin', password: 'Hy%2022wl', nationalId: 'SW1101050005', note: 'its card 8800000000000003 is locked' }),
]);

export const nationalTestCards: readonly NationalTestCard[] = Object.freeze([
  Object.freeze({ cardNo: '8800000000000001', pin: '123456', nationalId: 'SW1101150001', locked: false, note: 'same enterprise as ktd_admin' }),
  Object.freeze({ cardNo: '8800000000000002', pin: '246810', nationalId: 'SW1101150003', locked: false, note: 'enterprise reachable only by card' }),
  Object.freeze({ cardNo: '8800000000000003', pin: '135790', nationalId: 'SW1101050005', locked: true, note: 'locked from the start' }),
  Object.freeze({ cardNo: '8800000000000004', pin: '112233', nationalId: 'SW1201160004', locked: false, note: 'same enterprise as tjbh_admin' }),
]);

/** The fixture enterprise with this national id (throws for an unknown id: fixtures are static). */
export function nationalTestEnterprise(nationalId: string): Readonly<NationalEnterprise> {
  const found = nationalTestEnterprises.find((e) => e.nationalId === nationalId);
  if (!found) throw new Error(`No national test enterprise ${nationalId}`);
  return found;
}
