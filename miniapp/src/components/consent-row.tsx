import { Text, View } from '@tarojs/components';

import './consent-row.scss';

/**
 * A consent the diner gives or withholds (PIPL: what is sent must be exactly what was shown).
 * One state, owned by the caller; the whole row — box and sentence — toggles it, and the box is
 * drawn from that state alone (no native checkbox keeping a second state of its own).
 */
export function ConsentRow({
  checked,
  onChange,
  children,
  tone = 'brand',
  testId,
}: {
  checked: boolean;
  onChange: (next: boolean) => void;
  children: string;
  tone?: 'brand' | 'danger';
  testId?: string;
}) {
  const toggle = () => onChange(!checked);
  return (
    <View
      className={`consent-row consent-row--${tone}${checked ? ' consent-row--on' : ''}`}
      role="checkbox"
      aria-checked={checked}
      data-testid={testId}
      data-checked={checked ? 'true' : 'false'}
      onClick={toggle}
    >
      <View className="consent-row__box">
        {checked ? <Text className="consent-row__tick">✓</Text> : null}
      </View>
      <Text className="consent-row__text">{children}</Text>
    </View>
  );
}
