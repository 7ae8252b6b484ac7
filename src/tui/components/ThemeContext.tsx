import { createContext, useContext } from 'react';
import type { Theme } from '../theme.js';

export const ThemeContext = createContext<Theme>({ colour: true });

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
