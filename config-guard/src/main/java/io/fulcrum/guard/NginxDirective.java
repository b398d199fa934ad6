package io.fulcrum.guard;

import java.util.ArrayList;
import java.util.List;

/**
 * One nginx directive: name, arguments (quotes removed), its block's directives (null when it ends
 * in ';'), line. {@link #parse} reads a whole file into the top-level list, as nginx's own
 * tokenizer does.
 */
public record NginxDirective(String name, List<String> args, List<NginxDirective> block, int line) {
  public String arg(int i) {
    return i < args.size() ? args.get(i) : null;
  }

  public static List<NginxDirective> parse(String text) {
    return new Reader(text).block(false);
  }

  private static final class Reader {
    private final String s;
    private int pos;
    private int line = 1;

    Reader(String s) {
      this.s = s;
    }

    List<NginxDirective> block(boolean nested) {
      List<NginxDirective> out = new ArrayList<>();
      List<String> words = new ArrayList<>();
      int start = line;
      while (true) {
        String tok = next();
        if (tok == null) {
          if (!words.isEmpty()) {
            throw new ConfigSyntaxException(
                start, "'" + words.get(0) + "' is not terminated by ';'");
          }
          if (nested) {
            throw new ConfigSyntaxException(line, "unexpected end of file, expecting '}'");
          }
          return out;
        }
        if (words.isEmpty()) {
          start = line;
        }
        switch (tok) {
          case ";" -> {
            if (words.isEmpty()) {
              throw new ConfigSyntaxException(line, "unexpected ';'");
            }
            out.add(
                new NginxDirective(
                    words.get(0), List.copyOf(words.subList(1, words.size())), null, start));
            words.clear();
          }
          case "{" -> {
            if (words.isEmpty()) {
              throw new ConfigSyntaxException(line, "unexpected '{'");
            }
            int at = start;
            List<String> w = List.copyOf(words);
            words.clear();
            // Lua blocks hold Lua, not nginx syntax: skipped to their closing brace
            List<NginxDirective> inner =
                w.get(0).endsWith("_by_lua_block") ? skipBlock(at) : block(true);
            out.add(new NginxDirective(w.get(0), w.subList(1, w.size()), inner, at));
          }
          case "}" -> {
            if (!words.isEmpty()) {
              throw new ConfigSyntaxException(
                  line, "unexpected '}' after '" + words.get(0) + "' (missing ';')");
            }
            if (!nested) {
              throw new ConfigSyntaxException(line, "unexpected '}'");
            }
            return out;
          }
          default -> words.add(tok.startsWith("\u0000") ? tok.substring(1) : tok);
        }
      }
    }

    private List<NginxDirective> skipBlock(int from) {
      int depth = 1;
      while (pos < s.length() && depth > 0) {
        char c = s.charAt(pos++);
        if (c == '\n') {
          line++;
        } else if (c == '{') {
          depth++;
        } else if (c == '}') {
          depth--;
        }
      }
      if (depth > 0) {
        throw new ConfigSyntaxException(from, "unterminated Lua block");
      }
      return List.of();
    }

    /**
     * The next word, or ";", "{", "}"; quoted words come back prefixed with NUL so "{" in quotes is
     * a word.
     */
    private String next() {
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == '\n') {
          line++;
          pos++;
        } else if (Character.isWhitespace(c)) {
          pos++;
        } else if (c == '#') {
          while (pos < s.length() && s.charAt(pos) != '\n') {
            pos++;
          }
        } else {
          break;
        }
      }
      if (pos >= s.length()) {
        return null;
      }
      char c = s.charAt(pos);
      if (c == ';' || c == '{' || c == '}') {
        pos++;
        return String.valueOf(c);
      }
      StringBuilder b = new StringBuilder();
      if (c == '"' || c == '\'') {
        int at = line;
        pos++;
        while (pos < s.length() && s.charAt(pos) != c) {
          char d = s.charAt(pos++);
          if (d == '\\' && pos < s.length()) {
            d = s.charAt(pos++);
          }
          if (d == '\n') {
            line++;
          }
          b.append(d);
        }
        if (pos >= s.length()) {
          throw new ConfigSyntaxException(at, "unterminated quoted string");
        }
        pos++;
        return "\u0000" + b;
      }
      boolean inVar = false; // ${name} is one word
      while (pos < s.length()) {
        char d = s.charAt(pos);
        if (d == '{' && b.length() > 0 && b.charAt(b.length() - 1) == '$') {
          inVar = true;
        } else if (d == '}' && inVar) {
          inVar = false;
        } else if (Character.isWhitespace(d) || d == ';' || d == '{' || d == '}') {
          break;
        }
        if (d == '\\' && pos + 1 < s.length()) {
          pos++;
          d = s.charAt(pos);
        }
        b.append(d);
        pos++;
      }
      return b.toString();
    }
  }
}
