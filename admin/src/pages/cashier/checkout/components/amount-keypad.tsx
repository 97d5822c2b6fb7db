import type { MouseEvent } from 'react';
import { Button, Typography, theme } from 'antd';
import { formatYuan } from '@tableside/shared';

export type AmountKey =
  '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '00' | 'backspace' | 'clear';

/** Default cap: 7 digits of fen, i.e. at most ¥99999.99 per entry. */
export const DEFAULT_MAX_DIGITS = 7;

/**
 * Cash-register entry: digits shift in from the right, so typing 1 2 3 4 gives 1234 fen (¥12.34)
 * and 00 appends two zeros. A key that would exceed `maxDigits` digits is ignored as a whole.
 */
export function applyAmountKey(valueFen: number, key: AmountKey, maxDigits = DEFAULT_MAX_DIGITS): number {
  switch (key) {
    case 'clear':
      return 0;
    case 'backspace':
      return Math.floor(valueFen / 10);
    case '00':
      return fits(valueFen * 100, maxDigits) ? valueFen * 100 : valueFen;
    default: {
      const next = valueFen * 10 + Number(key);
      return fits(next, maxDigits) ? next : valueFen;
    }
  }
}

function fits(valueFen: number, maxDigits: number): boolean {
  return String(valueFen).length <= maxDigits;
}

const KEY_ROWS: AmountKey[][] = [
  ['1', '2', '3'],
  ['4', '5', '6'],
  ['7', '8', '9'],
  ['00', '0', 'backspace'],
];

const KEY_LABELS: Record<AmountKey, string> = {
  '0': '0',
  '1': '1',
  '2': '2',
  '3': '3',
  '4': '4',
  '5': '5',
  '6': '6',
  '7': '7',
  '8': '8',
  '9': '9',
  '00': '00',
  backspace: '退格',
  clear: '清空',
};

export interface AmountKeypadProps {
  /** The amount in integer fen. */
  valueFen: number;
  onChange: (valueFen: number) => void;
  maxDigits?: number;
  /** Caption above the amount. */
  label?: string;
  disabled?: boolean;
  /** Enter on the focused amount (keyboard-only checkout). */
  onEnter?: () => void;
}

/** Physical keyboard → keypad key: digits, Backspace, Delete/Escape clears; anything else is ignored. */
export function keyFromKeyboard(key: string): AmountKey | null {
  if (/^[0-9]$/.test(key)) return key as AmountKey;
  if (key === 'Backspace') return 'backspace';
  if (key === 'Delete' || key === 'Escape') return 'clear';
  return null;
}

// Keep focus where it is (the scan input), so a barcode scanner keeps typing into it.
const keepFocus = (event: MouseEvent) => event.preventDefault();

/** A touch-sized numeric keypad that edits an amount in fen and shows it in yuan. */
export function AmountKeypad({
  valueFen,
  onChange,
  maxDigits = DEFAULT_MAX_DIGITS,
  label = '金额',
  disabled = false,
  onEnter,
}: AmountKeypadProps) {
  const { token } = theme.useToken();

  const press = (key: AmountKey) => {
    const next = applyAmountKey(valueFen, key, maxDigits);
    if (next !== valueFen) onChange(next);
  };

  const keyStyle = { height: 64, fontSize: 26, fontWeight: 500 } as const;

  return (
    <div role="group" aria-label={`${label}键盘`}>
      <div
        style={{
          background: token.colorFillQuaternary,
          borderRadius: token.borderRadiusLG,
          padding: '12px 16px',
          marginBottom: 12,
          textAlign: 'right',
        }}
      >
        <Typography.Text type="secondary">{label}</Typography.Text>
        <div
          role="status"
          aria-label={label}
          aria-live="polite"
          tabIndex={disabled ? -1 : 0}
          data-testid="amount"
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              onEnter?.();
              return;
            }
            const key = keyFromKeyboard(event.key);
            if (key && !disabled) {
              event.preventDefault();
              press(key);
            }
          }}
          style={{ fontSize: 40, fontWeight: 600, lineHeight: 1.3, fontVariantNumeric: 'tabular-nums' }}
        >
          {formatYuan(valueFen)}
        </div>
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: 12 }}>
        {KEY_ROWS.flat().map((key) => (
          <Button
            key={key}
            aria-label={KEY_LABELS[key]}
            disabled={disabled}
            autoInsertSpace={false}
            onMouseDown={keepFocus}
            onClick={() => press(key)}
            style={key === 'backspace' ? { ...keyStyle, fontSize: 20 } : keyStyle}
          >
            {KEY_LABELS[key]}
          </Button>
        ))}
        <Button
          aria-label={KEY_LABELS.clear}
          danger
          disabled={disabled}
          autoInsertSpace={false}
          onMouseDown={keepFocus}
          onClick={() => press('clear')}
          style={{ ...keyStyle, fontSize: 20, gridColumn: '1 / -1' }}
        >
          {KEY_LABELS.clear}
        </Button>
      </div>
    </div>
  );
}
