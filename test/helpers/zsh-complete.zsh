# Drives zsh completion as a user does: types each line in an interactive zsh (zpty), presses TAB, and records
# in OUT what was offered (C:candidate, as inserted) and the line after the TAB (B:buffer), then END.
# usage: zsh -f zsh-complete.zsh SCRIPT OUT LINE...
zmodload zsh/zpty
script=$1 out=$2; shift 2
: > $out
waitfor() { # $1: the number of END lines to wait for
  local i
  for i in {1..400}; do
    (( $(grep -c '^END$' $out) >= $1 )) && return 0
    zpty -r -t z junk 2>/dev/null  # drain the terminal
    sleep 0.05
  done
  return 1
}
zpty z zsh -f -i
zpty -w z "PS1='' PROMPT='' RPROMPT=''; unsetopt zle_bracketed_paste; autoload -U compinit; compinit -u -D; source ${(q)script}"
zpty -w z "zstyle ':completion:*' list-prompt ''; zstyle ':completion:*' menu no; setopt no_beep no_auto_menu"
zpty -w z "compadd() { if (( \${@[(I)-[OADE]]} )); then builtin compadd \"\$@\"; return; fi; local -a __m; builtin compadd -A __m \"\$@\"; (( \${#__m} )) && print -rl -- \"C:\${^__m[@]}\" >> ${(q)out}; builtin compadd \"\$@\"; }"
zpty -w z "_dump() { print -r -- \"B:\$BUFFER\" >> ${(q)out}; print -r -- END >> ${(q)out}; BUFFER=''; }; zle -N _dump; bindkey '^X' _dump; print END >> ${(q)out}"
n=1
waitfor $n || { print "zsh did not start"; exit 1 }
for line in "$@"; do
  zpty -w -n z "$line"$'\t'
  zpty -w -n z $'\C-x'
  (( n++ ))
  waitfor $n || { print "no answer for: $line"; exit 1 }
done
zpty -w z 'exit'
