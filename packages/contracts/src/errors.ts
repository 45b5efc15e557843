/**
 * Every stable error code the API can answer, with its HTTP status and its message in each
 * language. The server writes `code` into problem+json; the web app shows the message for the
 * code in the user's language. Codes are API: add, never rename.
 */
export const errorCatalog = {
  // request shape
  VALIDATION: { status: 400, 'zh-CN': '提交的数据有误，请检查标红的字段', en: 'Some fields are invalid' },
  BAD_REQUEST: { status: 400, 'zh-CN': '请求格式错误', en: 'The request is malformed' },
  MALFORMED_JSON: { status: 400, 'zh-CN': '请求体不是有效的 JSON', en: 'The request body is not valid JSON' },
  PAYLOAD_TOO_LARGE: { status: 413, 'zh-CN': '提交的数据过大', en: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, 'zh-CN': '不支持的内容类型', en: 'Unsupported content type' },
  NOT_FOUND: { status: 404, 'zh-CN': '记录不存在', en: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, 'zh-CN': '接口不存在', en: 'No such API route' },
  METHOD_NOT_ALLOWED: { status: 405, 'zh-CN': '不支持该操作', en: 'Method not allowed' },
  RATE_LIMITED: { status: 429, 'zh-CN': '操作过于频繁，请稍后再试', en: 'Too many requests, try again later' },
  INTERNAL: { status: 500, 'zh-CN': '系统繁忙，请稍后再试', en: 'Something went wrong on our side' },
  DATABASE_UNAVAILABLE: { status: 503, 'zh-CN': '数据库暂不可用，请稍后再试', en: 'The database is unavailable, try again shortly' },

  // authentication and authorization
  UNAUTHENTICATED: { status: 401, 'zh-CN': '请先登录', en: 'Please log in' },
  SESSION_EXPIRED: { status: 401, 'zh-CN': '登录已过期，请重新登录', en: 'Your session has expired, please log in again' },
  INVALID_CREDENTIALS: { status: 401, 'zh-CN': '用户名或密码错误', en: 'Wrong username or password' },
  ACCOUNT_LOCKED: { status: 423, 'zh-CN': '密码错误次数过多，账号已临时锁定，请稍后再试', en: 'Too many failed attempts; the account is locked for a while' },
  ACCOUNT_DISABLED: { status: 403, 'zh-CN': '账号已停用', en: 'This account is disabled' },
  FORBIDDEN: { status: 403, 'zh-CN': '没有该应用的权限', en: 'You do not have permission for this' },
  CSRF_REJECTED: { status: 403, 'zh-CN': '请求来源校验失败，请刷新页面后重试', en: 'Cross-site request rejected; reload the page and try again' },

  // identity
  USCC_TAKEN: { status: 409, 'zh-CN': '该统一社会信用代码已注册', en: 'An enterprise with this USCC is already registered' },
  USERNAME_TAKEN: { status: 409, 'zh-CN': '用户名已被使用', en: 'This username is taken' },
  NATIONAL_ALREADY_LINKED: { status: 409, 'zh-CN': '该国家标准版企业已关联注册', en: 'This national enterprise is already linked' },
  NATIONAL_ACCOUNT_UNKNOWN: { status: 422, 'zh-CN': '国家标准版账号不存在', en: 'No such national account' },
  NATIONAL_PASSWORD_WRONG: { status: 422, 'zh-CN': '国家标准版账号密码错误', en: 'Wrong national account password' },
  NATIONAL_CARD_UNKNOWN: { status: 422, 'zh-CN': '卡号不存在', en: 'No such card' },
  NATIONAL_CARD_PIN_WRONG: { status: 422, 'zh-CN': '卡密码错误', en: 'Wrong card PIN' },
  NATIONAL_CARD_LOCKED: { status: 422, 'zh-CN': '卡已锁定，请联系发卡机构', en: 'The card is locked' },
  NATIONAL_SERVICE_UNAVAILABLE: { status: 503, 'zh-CN': '国家标准版账号服务暂不可用，请稍后再试', en: 'The national account service is unavailable, try again later' },

  // gate and delivery confirmation
  GATE_BUSY: { status: 503, 'zh-CN': '该车辆正被其他卡口同时识别，请重试', en: 'Other lanes are reading this truck at the same moment; read again' },
  APPOINTMENT_NOT_CONFIRMABLE: { status: 409, 'zh-CN': '车辆尚未入区，不能进行交货确认', en: 'The truck has not entered yet; it cannot be confirmed' },
  REASON_TOO_SHORT: { status: 400, 'zh-CN': '请填写原因（至少4个字）', en: 'Give a reason (at least 4 characters)' },

  // accounts, tokens and keys
  PERMISSION_NOT_HELD: { status: 400, 'zh-CN': '令牌权限不能超出账号已有的应用权限', en: 'A token cannot hold a permission its owner lacks' },
  SECURITY_KEY_INVALID: { status: 401, 'zh-CN': '卡介质验证失败', en: 'The security key could not be verified' },
  SECURITY_KEY_UNKNOWN: { status: 401, 'zh-CN': '该卡介质未绑定或已吊销', en: 'This security key is not bound or was revoked' },
  CHALLENGE_EXPIRED: { status: 400, 'zh-CN': '验证已超时，请重试', en: 'The challenge expired; try again' },
  SECURITY_KEY_NAME_TAKEN: { status: 409, 'zh-CN': '该用户已有同名的卡介质，请换一个名称', en: 'This person already has a security key of this name' },
  SECURITY_KEY_ALREADY_BOUND: { status: 409, 'zh-CN': '该卡介质已绑定，不能重复绑定', en: 'This security key is already bound' },

  // field-level codes (inside `errors[]`)
  REQUIRED: { status: 400, 'zh-CN': '必填', en: 'Required' },
  TOO_SHORT: { status: 400, 'zh-CN': '长度不足', en: 'Too short' },
  TOO_LONG: { status: 400, 'zh-CN': '长度超出限制', en: 'Too long' },
  INVALID_TYPE: { status: 400, 'zh-CN': '类型错误', en: 'Wrong type' },
  INVALID_VALUE: { status: 400, 'zh-CN': '取值无效', en: 'Invalid value' },
  TOO_SMALL: { status: 400, 'zh-CN': '数值过小', en: 'Too small' },
  TOO_BIG: { status: 400, 'zh-CN': '数值过大', en: 'Too big' },
  UNKNOWN_FIELD: { status: 400, 'zh-CN': '不支持的字段', en: 'Unknown field' },
  USERNAME_INVALID: { status: 400, 'zh-CN': '用户名为3-32位字母、数字或 _ . -', en: 'Username: 3–32 letters, digits, _ . -' },
  PASSWORD_WRONG: { status: 400, 'zh-CN': '当前密码不正确', en: 'The current password is wrong' },
  PASSWORD_UNCHANGED: { status: 400, 'zh-CN': '新密码不能与当前密码相同', en: 'The new password must differ from the current one' },
  PASSWORD_WEAK: { status: 400, 'zh-CN': '密码至少8位，且包含字母和数字', en: 'Password: at least 8 characters with letters and digits' },
  NAME_INVALID: { status: 400, 'zh-CN': '姓名为2-30个字符', en: 'Name: 2–30 characters' },
  USCC_INVALID: { status: 400, 'zh-CN': '统一社会信用代码格式或校验位错误', en: 'Invalid unified social credit code' },
  CUSTOMS_CODE_INVALID: { status: 400, 'zh-CN': '海关编码为10位字母或数字', en: 'Customs code: 10 letters or digits' },
  MOBILE_INVALID: { status: 400, 'zh-CN': '请输入11位手机号码', en: 'Enter an 11-digit mainland mobile number' },
  EMAIL_INVALID: { status: 400, 'zh-CN': '邮箱格式错误', en: 'Invalid e-mail address' },
  ID_NO_INVALID: { status: 400, 'zh-CN': '身份证号码格式或校验位错误', en: 'Invalid resident ID number' },
  PLATE_INVALID: { status: 400, 'zh-CN': '车牌号格式错误', en: 'Invalid licence plate' },
  AWB_INVALID: { status: 400, 'zh-CN': '运单号格式或校验位错误', en: 'Invalid air waybill number' },
  VIN_INVALID: { status: 400, 'zh-CN': '车架号为17位，不含 I、O、Q', en: 'VIN: 17 characters without I, O, Q' },
  PERMISSION_UNKNOWN: { status: 400, 'zh-CN': '未知的应用权限', en: 'Unknown permission' },
  CURSOR_INVALID: { status: 400, 'zh-CN': '分页参数无效', en: 'Invalid page cursor' },

  // vehicles
  FILING_NOT_EDITABLE: { status: 409, 'zh-CN': '该备案已申报或已审核，不能修改', en: 'This filing can no longer be edited' },
  FILING_NOT_DECLARABLE: { status: 409, 'zh-CN': '该备案当前状态不能申报', en: 'This filing cannot be declared in its current status' },
  FILING_NOT_REVIEWABLE: { status: 409, 'zh-CN': '该备案不是待审核状态', en: 'This filing is not awaiting review' },
  PLATE_DUPLICATE: { status: 400, 'zh-CN': '同一备案中车牌号重复', en: 'This plate appears twice in the filing' },
  PLATE_IN_OTHER_FLEET: { status: 409, 'zh-CN': '该车辆已在其他企业备案', en: 'This plate is already filed by another enterprise' },
  PLATE_IN_OWN_FLEET: { status: 409, 'zh-CN': '该车辆已在本企业车队中，如需变更请选择被变更车辆', en: 'This plate is already in your fleet; file a change for that vehicle instead' },
  PLATE_COLOR_MISMATCH: { status: 400, 'zh-CN': '车牌颜色与车牌号不符', en: 'The plate colour does not fit the plate' },
  PERMIT_NO_INVALID: { status: 400, 'zh-CN': '道路运输证号为6-20位字母或数字', en: 'Road-transport permit: 6–20 letters or digits' },
  VEHICLE_NOT_ACTIVE: { status: 409, 'zh-CN': '该车辆已注销', en: 'This vehicle is no longer in the fleet' },
  REPLACED_VEHICLE_INVALID: { status: 409, 'zh-CN': '被变更车辆须为本企业车队中车牌号相同的在用车辆', en: 'The replaced vehicle must be an active vehicle of your fleet with the same plate' },
  IMPORT_FILE_INVALID: { status: 400, 'zh-CN': '导入文件无法识别，请使用下载的模板（.xlsx）', en: 'The file is not a readable .xlsx in the template\'s layout' },
  IMPORT_TOO_MANY_ROWS: { status: 400, 'zh-CN': '导入行数超出限制（最多5000行）', en: 'Too many rows to import (at most 5,000)' },

  // scheduling
  TERMINAL_CODE_TAKEN: { status: 409, 'zh-CN': '货站代码已存在', en: 'A terminal with this code already exists' },
  GATE_CODE_TAKEN: { status: 409, 'zh-CN': '该货站已有相同代码的卡口', en: 'This terminal already has a gate with this code' },
  TIME_ZONE_INVALID: { status: 400, 'zh-CN': '时区无效，请使用如 Asia/Shanghai 的时区名', en: 'Unknown time zone; use an IANA name such as Asia/Shanghai' },
  AWB_DUPLICATE: { status: 400, 'zh-CN': '同一预约中运单号重复', en: 'This AWB appears twice in the appointment' },
  BOOKING_BUSY: { status: 503, 'zh-CN': '提交预约的人数过多，请重试', en: 'Too many submissions at this moment; submit again' },
  SLOT_FULL: { status: 409, 'zh-CN': '该时段已约满，请选择其他时段', en: 'This slot is fully booked; choose another slot' },
  SLOT_PAST: { status: 409, 'zh-CN': '该时段已开始或已结束', en: 'This slot has already started' },
  SLOT_CLOSED: { status: 409, 'zh-CN': '该时段不开放预约', en: 'This slot is closed for booking' },
  LEAD_TIME: { status: 409, 'zh-CN': '距时段开始不足最短提前预约时间', en: 'Too close to the slot start: book earlier than the minimum lead time' },
  BEYOND_HORIZON: { status: 409, 'zh-CN': '超出可预约的日期范围', en: 'This slot is beyond the booking horizon' },
  VEHICLE_NOT_APPROVED: { status: 409, 'zh-CN': '该车辆不是本企业已备案在用车辆', en: 'This vehicle is not an approved vehicle of your fleet' },
  TERMINAL_UNKNOWN: { status: 400, 'zh-CN': '没有这个货站', en: 'No such terminal' },
  SLOT_UNKNOWN: { status: 400, 'zh-CN': '该货站没有这个时段', en: 'No such slot at this terminal' },
  VEHICLE_UNKNOWN: { status: 400, 'zh-CN': '本企业车队中没有这辆车', en: 'No such vehicle in your fleet' },
  VEHICLE_HAS_APPOINTMENTS: { status: 409, 'zh-CN': '该车辆还有未完成的预约，请先取消预约或待车辆出区后再注销', en: 'This vehicle still has open bookings: cancel them, or wait until the truck has left the zone, before removing it' },
  VEHICLE_BUSY: { status: 409, 'zh-CN': '该车辆在相同时段已有预约', en: 'This vehicle already has an appointment in an overlapping slot' },
  APPOINTMENT_NOT_EDITABLE: { status: 409, 'zh-CN': '该预约当前状态不能修改', en: 'This appointment cannot be changed in its current status' },
  APPOINTMENT_NOT_SUBMITTABLE: { status: 409, 'zh-CN': '只有暂存的预约可以提交', en: 'Only a draft appointment can be submitted' },
  APPOINTMENT_NOT_CANCELLABLE: { status: 409, 'zh-CN': '该预约当前状态不能取消', en: 'This appointment cannot be cancelled in its current status' },
  CANCEL_TOO_LATE: { status: 409, 'zh-CN': '时段已开始，不能取消预约', en: 'The slot has started; the appointment can no longer be cancelled' },
  APPOINTMENT_NOT_REVIEWABLE: { status: 409, 'zh-CN': '该预约不是待货站确认状态', en: 'This appointment is not waiting for the terminal\'s decision' },
  CAPACITY_BELOW_BOOKED: { status: 409, 'zh-CN': '容量不能低于已预约数', en: 'Capacity cannot be lower than what is already booked' },
} as const;

export type ErrorCode = keyof typeof errorCatalog;
export type Language = 'zh-CN' | 'en';

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorCatalog, code);
}

export function errorStatus(code: ErrorCode): number {
  return errorCatalog[code].status;
}

export function errorMessage(code: string, language: Language): string {
  return isErrorCode(code) ? errorCatalog[code][language] : code;
}

/** One field error of a 400 problem: `field` is a dotted path such as `vehicles.2.plate`. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** RFC 9457 problem details as this API writes them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}
