import { DELIVERABLE_LIMITS } from './limits';
import type { DeliveryIssue } from './issues';

/** Problems of one check: the first `listedErrors` in full, then one that counts the rest. */
export class IssueCollector {
  private readonly listed: DeliveryIssue[] = [];
  private count = 0;

  add(issue: DeliveryIssue): void {
    this.count += 1;
    if (this.listed.length < DELIVERABLE_LIMITS.listedErrors) this.listed.push(issue);
  }

  get empty(): boolean {
    return this.count === 0;
  }

  issues(): DeliveryIssue[] {
    const rest = this.count - this.listed.length;
    if (rest <= 0) return [...this.listed];
    return [
      ...this.listed,
      {
        at: {},
        path: '',
        message: `… và ${rest.toLocaleString('vi-VN')} lỗi khác. Cách sửa: sửa các lỗi trên rồi gửi lại để xem tiếp.`,
      },
    ];
  }
}
